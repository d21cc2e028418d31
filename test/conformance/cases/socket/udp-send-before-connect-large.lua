-- checks: a 100-byte UDP send before the connect is one datagram after it
-- servers: udp-count
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.udp()
    so:on("recv", function(id, data) log.info("recv", data) end)
    so:start("127.0.0.1", conf["udp-count"])
    log.info("send", so:send(string.rep("u", 100)))
    sys.wait(200)
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
