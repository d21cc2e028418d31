-- checks: sockid() is -1 before start and right after it (the thread has not run yet); closed() and tostring while the connection is up
-- servers: tcp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    log.info("before", so:sockid())
    so:on("connect", function() sys.publish("UP") end)
    so:start("127.0.0.1", conf["tcp-echo"])
    log.info("after start", so:sockid(), so:closed())
    sys.waitUntil("UP", 1000)
    log.info("up", so:sockid() >= 0, so:closed())
    log.info("str", tostring(so))
    so:close()
    log.info("closed", so:sockid(), tostring(so))
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
