-- checks: a 1500-byte send once connected: the server receives all of it, the echo comes back in recv events of at most 1024 bytes
-- servers: tcp-echo
-- compare: user
local conf = require "conf"
local sys = require "sys"
local total = 0
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function() sys.publish("UP") end)
    so:on("recv", function(id, d) total = total + #d if total >= 1500 then sys.publish("ALL") end end)
    so:start("127.0.0.1", conf["tcp-echo"])
    sys.waitUntil("UP", 1000)
    log.info("send", so:send(string.rep("q", 1500)))
    log.info("all", sys.waitUntil("ALL", 1000), total)
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
