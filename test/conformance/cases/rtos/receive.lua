-- checks: rtos.receive with a timeout returns -1 when nothing comes; a timer message is (MSG_TIMER, id, repeat) with the remaining count
local sys = require "sys"
log.info("timeout", rtos.receive(20))
rtos.timer_start(7, 10, 2)
log.info("msg", rtos.receive(100))
log.info("msg", rtos.receive(100))
log.info("msg", rtos.receive(100))
log.info("none", rtos.receive(50))
log.info("arg", pcall(rtos.receive))
log.info("arg", pcall(rtos.receive, "x"))
sys.run()
