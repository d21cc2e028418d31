-- checks: sys.wait is not resumed by publishes (only waitUntil is)
local sys = require "sys"
sys.taskInit(function()
    sys.timerStart(sys.publish, 10, "X", 1)
    log.info("wait", select("#", sys.wait(50)))
end)
sys.run()
