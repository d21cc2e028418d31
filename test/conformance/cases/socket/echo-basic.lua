-- checks: a TCP echo round trip: connect(id, 1), send in the connect callback, recv(id, data), local close ends with NETC_END and no error callback
-- servers: tcp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:host("echo.test")
    so:port(conf["tcp-echo"])
    so:on("connect", function(id, re)
        log.info("connect", id, re, so:closed())
        log.info("send", so:send("ping"))
    end)
    so:on("recv", function(id, data) log.info("recv", id, data) sys.publish("GOT") end)
    so:on("error", function(id) log.info("error", id) end)
    log.info("start", so:start())
    log.info("got", sys.waitUntil("GOT", 2000))
    so:close()
    log.info("closed", so:closed())
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 2000))
    so:clean()
end)
sys.run()
