-- checks: an error raised inside a socket callback escapes rtos.receive: sys.run ends with the Lua VM exit
-- servers: tcp-greet
-- compare: user
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function() error("in callback") end)
    so:start("127.0.0.1", conf["tcp-greet"])
end)
sys.run()
