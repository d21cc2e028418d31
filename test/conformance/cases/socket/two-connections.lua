-- checks: two objects at once: ids 1 and 2, each its own events and NETC_END
-- servers: tcp-greet, tcp-refuse
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local a = socket.tcp()
    local b = socket.tcp()
    a:on("recv", function(id, d) log.info("a recv", id, d) end)
    b:on("connect", function(id, re) log.info("b connect", id, re) end)
    a:start("127.0.0.1", conf["tcp-greet"])
    sys.waitUntil("NETC_END_" .. a:id(), 1000)
    b:start("127.0.0.1", conf["tcp-refuse"])
    sys.waitUntil("NETC_END_" .. b:id(), 1000)
    log.info("ids", a:id(), b:id(), a:closed(), b:closed())
    a:clean() b:clean()
end)
sys.run()
