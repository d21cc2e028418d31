-- checks: rtos.standy needs an integer argument
local sys = require "sys"
log.info("none", pcall(rtos.standy))
log.info("str", pcall(rtos.standy, "x"))
sys.run()
