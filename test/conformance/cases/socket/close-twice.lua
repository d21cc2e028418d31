-- checks: close() twice and clean() after close: only the first close does anything
-- servers: tcp-echo
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function() sys.publish("UP") end)
    so:start("127.0.0.1", conf["tcp-echo"])
    sys.waitUntil("UP", 1000)
    so:close()
    so:close()
    so:clean()
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 1000))
end)
sys.run()
