-- checks: a refused TCP connect: start() 0, connect(id, 0), NETC_END_<id> with no arguments, closed() inside the callback and after
-- servers: tcp-refuse
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re)
        log.info("connect", id, re, math.type(id), so:closed())
    end)
    so:on("error", function(id, x) log.info("error", id, x) end)
    log.info("start", so:start("127.0.0.1", conf["tcp-refuse"]))
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 2000))
    log.info("closed", so:closed())
    log.info("str", tostring(so))
    so:clean()
end)
sys.run()
