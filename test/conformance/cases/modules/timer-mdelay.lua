-- checks: timer.mdelay stops the Lua thread; a timer that falls due meanwhile runs only after it; 0 and negative delays return at once with no value
-- for: 1500
local sys = require "sys"
sys.taskInit(function()
    local fired = 0
    sys.timerStart(function() fired = fired + 1 end, 50)
    log.info("mdelay", select("#", timer.mdelay(200)))
    log.info("after", fired)
    sys.wait(100)
    log.info("later", fired)
    log.info("zero", select("#", timer.mdelay(0)), select("#", timer.mdelay(-5)))
end)
sys.run()
