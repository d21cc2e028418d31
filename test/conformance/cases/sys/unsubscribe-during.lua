-- checks: a subscriber that unsubscribes itself while being called
local sys = require "sys"
local function once(x)
    log.info("once", x)
    sys.unsubscribe("T", once)
end
sys.subscribe("T", once)
sys.publish("T", 1)
sys.publish("T", 2)
sys.run()
