-- checks: rtos.reboot takes an optional integer: a string is an argument error, not a reboot
local sys = require "sys"
log.info("str", pcall(rtos.reboot, "x"))
log.info("table", pcall(rtos.reboot, {}))
log.info("alive")
sys.run()
