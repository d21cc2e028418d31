-- checks: the globals the 2021 sys.lua sets
local sys = require "sys"
log.info("globals", COROUTINE_ERROR_ROLL_BACK, COROUTINE_ERROR_RESTART, SCRIPT_LIB_VER)
sys.run()
