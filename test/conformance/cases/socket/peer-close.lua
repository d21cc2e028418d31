-- checks: the peer closes after sending: recv, then error(id) with no second argument while closed() is still (0, true), then NETC_END; closed() is (1, false) afterwards
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    so:on("recv", function(id, data) log.info("recv", id, data, so:closed()) end)
    so:on("error", function(id, x) log.info("error", id, x, so:closed()) end)
    log.info("start", so:start("127.0.0.1", conf["tcp-greet"]))
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 2000))
    log.info("closed", so:closed())
    log.info("str", tostring(so))
    log.info("send", so:send("late"))
    so:clean()
end)
sys.run()
