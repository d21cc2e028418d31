-- checks: close() before the connect finished does not stop it: the connect callback still comes (a race of the original code: user lines only)
-- servers: tcp-silent
-- compare: user
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    log.info("start", so:start("127.0.0.1", conf["tcp-silent"]))
    so:close()
    log.info("closed", so:closed())
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 500))
    so:clean()
end)
sys.run()
