-- checks: rtos.reboot() restarts the device (the run ends there)
-- for: 800
local sys = require "sys"
log.info("boot")
sys.timerStart(function() log.info("reboot") rtos.reboot() end, 100)
sys.run()
