-- checks: recv data is binary safe (zero bytes and high bytes round trip through the echo)
-- servers: tcp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function() so:send("a\0b\255c") end)
    so:on("recv", function(id, d) log.info("recv", #d, d:byte(1, -1)) sys.publish("GOT") end)
    so:start("127.0.0.1", conf["tcp-echo"])
    sys.waitUntil("GOT", 1000)
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
