-- checks: two UDP sends before the connect leave as one datagram (the pipe joins them): the server sees 6 bytes
-- servers: udp-count
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.udp()
    so:on("recv", function(id, data) log.info("recv", data) end)
    log.info("start", so:start("127.0.0.1", conf["udp-count"]))
    log.info("send", so:send("one"), so:send("two"))
    sys.wait(300)
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
