-- checks: timer_start's repeat must be an integer
local sys = require "sys"
log.info("repeat", pcall(rtos.timer_start, 12, 10, "x"))
log.info("ok", rtos.timer_start(12, 10, 1))
rtos.timer_stop(12)
sys.run()
