-- checks: a UDP object: connect(id, 1) at once, one datagram out and back as recv(id, data)
-- servers: udp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.udp()
    so:on("connect", function(id, re) log.info("connect", id, re) log.info("send", so:send("ping")) end)
    so:on("recv", function(id, data) log.info("recv", id, data) sys.publish("GOT") end)
    log.info("start", so:start("127.0.0.1", conf["udp-echo"]))
    log.info("got", sys.waitUntil("GOT", 2000))
    log.info("str", tostring(so))
    so:close()
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 1000))
    so:clean()
end)
sys.run()
