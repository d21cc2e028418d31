-- checks: waitUntil without a timeout waits until the publish
local sys = require "sys"
sys.taskInit(function()
    sys.timerStart(sys.publish, 100, "LATE", "x")
    log.info("got", sys.waitUntil("LATE"))
end)
sys.run()
