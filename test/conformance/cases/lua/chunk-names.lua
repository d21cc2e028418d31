-- checks: error positions name the chunk "/main.lua"
local sys = require "sys"
log.info("err", pcall(error, "x", 1))
log.info("pos", pcall(function() error("here") end))
sys.run()
