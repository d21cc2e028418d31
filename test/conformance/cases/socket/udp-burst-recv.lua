-- checks: UDP datagrams arrive one recv event each
-- servers: udp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.udp()
    local n = 0
    so:on("recv", function(id, d) n = n + 1 log.info("recv", n, d) end)
    so:on("connect", function() sys.publish("UP") end)
    so:start("127.0.0.1", conf["udp-echo"])
    sys.waitUntil("UP", 1000)
    so:send("a")
    sys.wait(50)
    so:send("bb")
    sys.wait(50)
    so:send("ccc")
    sys.wait(100)
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
