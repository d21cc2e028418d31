-- checks: timers with equal periods fire in start order
local sys = require "sys"
for i = 1, 5 do sys.timerStart(function() log.info("t", i) end, 50) end
sys.run()
