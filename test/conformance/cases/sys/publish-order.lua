-- checks: publish only queues; subscribers run at the next turn of sys.run in publish order; unsubscribe stops delivery
local sys = require "sys"
local function a(...) log.info("a", ...) end
local function b(...) log.info("b", ...) end
sys.subscribe("X", a)
sys.subscribe("Y", b)
sys.publish("X", 1)
sys.publish("Y", 2)
sys.publish("X", 3, nil, 4)
log.info("queued")
sys.timerStart(function()
    sys.unsubscribe("X", a)
    sys.publish("X", 5)
    sys.publish("Y", 6)
end, 50)
sys.run()
