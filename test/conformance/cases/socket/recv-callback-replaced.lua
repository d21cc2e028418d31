-- checks: a second on("recv") replaces the first; the callback reference numbers the firmware logs follow luaL_ref
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("recv", function(id, d) log.info("first", d) end)
    so:on("recv", function(id, d) log.info("second", d) end)
    so:start("127.0.0.1", conf["tcp-greet"])
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
