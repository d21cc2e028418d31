-- checks: at INFO level the D/ lines (including the socket module's event lines) disappear
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
log.setLevel("INFO")
sys.taskInit(function()
    local so = socket.tcp()
    so:on("recv", function(id, d) log.debug("hidden", d) log.info("recv", d) end)
    so:start("127.0.0.1", conf["tcp-greet"])
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
