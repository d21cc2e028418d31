-- checks: an error in a timer callback (main thread) escapes sys.run: Lua VM exit
-- compare: user
local sys = require "sys"
sys.timerStart(function() log.info("tick") error("timer boom") end, 20)
sys.run()
