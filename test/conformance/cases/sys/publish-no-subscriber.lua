-- checks: publishing a topic nobody listens to is harmless; waitUntil after the publish misses it
local sys = require "sys"
sys.publish("LOST", 1)
sys.taskInit(function()
    sys.wait(20)
    log.info("late", sys.waitUntil("LOST", 50))
end)
sys.run()
