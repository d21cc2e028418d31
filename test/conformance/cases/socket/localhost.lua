-- checks: "localhost" resolves (through the host's resolver here; the device's lwIP would need its DNS server to know it)
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("recv", function(id, d) log.info("recv", d) end)
    so:start("localhost", conf["tcp-greet"])
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
