-- checks: timerStopAll(fn) stops every timer of that function whatever its arguments
local sys = require "sys"
local function f(x) log.info("f", x) end
sys.timerStart(f, 30, 1)
sys.timerStart(f, 30, 2)
sys.timerStart(function() log.info("other") end, 30)
sys.timerStopAll(f)
sys.run()
