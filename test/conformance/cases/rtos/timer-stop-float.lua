-- checks: timer_stop with a float id does nothing (the C test is lua_isinteger)
local sys = require "sys"
rtos.timer_start(11, 30)
rtos.timer_stop(11.0)
log.info("still", rtos.receive(100))
sys.run()
