-- checks: rtos.timer_start returns 1 for a started timer and 0 for a period below 1 ms; argument errors
local sys = require "sys"
log.info("ok", rtos.timer_start(100001, 10))
log.info("zero", rtos.timer_start(100002, 0))
log.info("str", pcall(rtos.timer_start, "x", 10))
log.info("float", pcall(rtos.timer_start, 100003, 1.5))
log.info("nil", pcall(rtos.timer_start, 100004))
rtos.timer_stop(100001)
sys.run()
