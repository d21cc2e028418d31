-- checks: a subscriber may start a task that waits
local sys = require "sys"
sys.subscribe("GO", function(x)
    sys.taskInit(function() sys.wait(10) log.info("waited", x) end)
end)
sys.publish("GO", 7)
sys.run()
