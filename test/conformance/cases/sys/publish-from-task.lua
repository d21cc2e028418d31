-- checks: a task waiting on a topic published by another task resumes with its arguments
local sys = require "sys"
sys.taskInit(function()
    log.info("got", sys.waitUntil("PING", 500))
end)
sys.taskInit(function()
    sys.wait(20)
    sys.publish("PING", "a", 1)
    log.info("published")
end)
sys.run()
