-- checks: sys.wait(0) and negative waits: timer_start refuses them (sys.wait then returns at once or never)
local sys = require "sys"
sys.taskInit(function()
    log.info("start")
    log.info("timerStart 0", sys.timerStart(function() end, 0))
    log.info("wait0", select("#", sys.wait(0)))
    log.info("after wait0")
end)
sys.run()
