-- checks: so:connect is start: same return codes, and the connection works
-- servers: tcp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    log.info("none", so:connect())
    so:on("connect", function(id, re) log.info("connect", id, re) so:send("hi") end)
    so:on("recv", function(id, d) log.info("recv", d) sys.publish("GOT") end)
    log.info("connect()", so:connect("127.0.0.1", conf["tcp-echo"]))
    sys.waitUntil("GOT", 1000)
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
