-- checks: the identity functions return strings and ignore arguments
local sys = require "sys"
log.info("types", type(rtos.firmware(1)), type(rtos.version("x")), type(rtos.bsp({})))
sys.run()
