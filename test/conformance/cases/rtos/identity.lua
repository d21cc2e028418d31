-- checks: rtos.firmware() = "LuatOS_" .. version .. "_" .. bsp, version() and bsp() of the 2021 Air640W build
local sys = require "sys"
log.info("id", rtos.firmware(), rtos.version(), rtos.bsp())
log.info("match", rtos.firmware() == "LuatOS_" .. rtos.version() .. "_" .. rtos.bsp())
log.info("buildDate", type(rtos.buildDate()))
sys.run()
