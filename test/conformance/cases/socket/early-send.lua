-- checks: data sent before the connection exists is queued in the pipe and leaves in one piece after the connect ("early-" + "hello" = one 11-byte write)
-- servers: tcp-count
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    so:on("recv", function(id, data) log.info("recv", data) sys.publish("GOT") end)
    log.info("start", so:start("127.0.0.1", conf["tcp-count"]))
    log.info("send", so:send("early-"), so:send("hello"))
    log.info("got", sys.waitUntil("GOT", 2000))
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
