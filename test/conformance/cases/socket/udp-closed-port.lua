-- checks: UDP to a port where nothing listens: no error, no event, the object stays open
-- servers: tcp-refuse
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.udp()
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    so:on("recv", function(id, data) log.info("recv", data) end)
    so:on("error", function(id) log.info("error", id) end)
    so:start("127.0.0.1", conf["tcp-refuse"])
    sys.wait(100)
    log.info("send", so:send("x"))
    sys.wait(200)
    log.info("closed", so:closed())
    so:close()
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 1000))
    so:clean()
end)
sys.run()
