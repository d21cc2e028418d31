-- checks: socket callbacks run on the main thread: not yieldable, and sys.wait inside one raises "attempt to yield from outside a coroutine"
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re)
        log.info("yieldable", coroutine.isyieldable())
        log.info("wait", pcall(sys.wait, 10))
    end)
    so:start("127.0.0.1", conf["tcp-greet"])
    sys.waitUntil("NETC_END_" .. so:id(), 2000)
    so:clean()
end)
sys.run()
