-- checks: subscribing the same function twice delivers once; unsubscribe of an unknown function is harmless
local sys = require "sys"
local function f(x) log.info("f", x) end
sys.subscribe("S", f)
sys.subscribe("S", f)
sys.unsubscribe("S", function() end)
sys.publish("S", 1)
sys.run()
