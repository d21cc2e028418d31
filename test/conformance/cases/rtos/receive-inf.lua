-- checks: rtos.receive(rtos.INF_TIMEOUT) waits for the next timer message
local sys = require "sys"
rtos.timer_start(3, 30)
log.info("inf", rtos.receive(rtos.INF_TIMEOUT))
sys.run()
