-- checks: send's optional flags must be an integer; a string data argument is required
-- servers: tcp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function() sys.publish("UP") end)
    so:start("127.0.0.1", conf["tcp-echo"])
    sys.waitUntil("UP", 1000)
    log.info("flags", so:send("a", 2))
    log.info("bad flags", pcall(so.send, so, "a", "x"))
    log.info("no data", pcall(so.send, so))
    log.info("number data", so:send(12))
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
