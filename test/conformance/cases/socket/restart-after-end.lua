-- checks: start() on an object whose connection ended connects again; the first send then ends the connection because closed stays 1
-- servers: tcp-echo
-- for: 1200
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    so:on("recv", function(id, data) log.info("recv", data) end)
    so:on("error", function(id) log.info("error", id) end)
    log.info("start1", so:start("127.0.0.1", conf["tcp-echo"]))
    sys.wait(200)
    so:close()
    log.info("end1", sys.waitUntil("NETC_END_" .. so:id(), 1000))
    log.info("start2", so:start())
    sys.wait(200)
    log.info("closed", so:closed())
    log.info("send", so:send("again"))
    log.info("end2", sys.waitUntil("NETC_END_" .. so:id(), 1000))
    so:clean()
end)
sys.run()
