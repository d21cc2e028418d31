-- checks: a server that closes right after accepting: connect(id, 1), then error(id) and NETC_END
-- servers: tcp-close
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    so:on("error", function(id) log.info("error", id, so:closed()) end)
    so:start("127.0.0.1", conf["tcp-close"])
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 1000))
    so:clean()
end)
sys.run()
