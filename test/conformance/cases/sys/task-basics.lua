-- checks: sys.taskInit returns the coroutine and runs it at once with its arguments; sys.wait returns nothing on timeout
local sys = require "sys"
local co = sys.taskInit(function(a, b)
    log.info("task", a, b, coroutine.isyieldable())
    log.info("wait", select("#", sys.wait(20)))
    log.info("done")
end, "x", 2)
log.info("type", type(co), coroutine.status(co))
sys.run()
