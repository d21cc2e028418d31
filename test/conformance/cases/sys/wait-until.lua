-- checks: waitUntil returns true plus the published arguments, false on timeout; waitUntilExt returns the topic
local sys = require "sys"
sys.taskInit(function()
    log.info("timeout", sys.waitUntil("NEVER", 30))
    sys.timerStart(sys.publish, 20, "T1", 1, "two", nil, true)
    log.info("got", sys.waitUntil("T1", 500))
    sys.timerStart(sys.publish, 20, "T2", 3)
    log.info("ext", sys.waitUntilExt("T2", 500))
    log.info("ext timeout", sys.waitUntilExt("T3", 30))
end)
sys.run()
