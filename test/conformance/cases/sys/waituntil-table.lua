-- checks: waitUntil with a second publish while waiting: only the first resumes the task; the others queue for subscribers
local sys = require "sys"
sys.taskInit(function()
    sys.timerStart(function() sys.publish("A", 1) sys.publish("A", 2) end, 20)
    log.info("first", sys.waitUntil("A", 500))
    log.info("second", sys.waitUntil("A", 50))
end)
sys.run()
