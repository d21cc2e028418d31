-- checks: sys.wait outside a task raises "attempt to yield from outside a coroutine" (caught with pcall)
local sys = require "sys"
local ok, err = pcall(sys.wait, 10)
log.info("wait", ok, err)
sys.subscribe("X", function() log.info("sub", pcall(sys.waitUntil, "Y", 10)) end)
sys.publish("X")
sys.run()
