-- checks: two timers with the same id: timer_stop stops the newest
local sys = require "sys"
rtos.timer_start(5, 30)
rtos.timer_start(5, 60)
rtos.timer_stop(5)
log.info("first", rtos.receive(100))
log.info("second", rtos.receive(100))
sys.run()
