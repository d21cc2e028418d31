-- checks: send after the connection ended returns false and logs "socket is closed!!!"; send("") is false
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:start("127.0.0.1", conf["tcp-greet"])
    log.info("empty", so:send(""))
    sys.waitUntil("NETC_END_" .. so:id(), 2000)
    log.info("late", so:send("x"))
    log.info("sockid", so:sockid())
    so:clean()
end)
sys.run()
