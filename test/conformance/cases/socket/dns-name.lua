-- checks: a host name from the DNS table connects like an address
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("recv", function(id, d) log.info("recv", d) end)
    so:start("svc.test", conf["tcp-greet"])
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 1000))
    log.info("str", tostring(so))
    so:clean()
end)
sys.run()
