-- checks: after a failed connect send() returns true until the 512-byte pipe is full; the send that overflows blocks the Lua VM for good (the timer never fires)
-- servers: tcp-refuse
-- for: 1200
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:start("127.0.0.1", conf["tcp-refuse"])
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    for i = 1, 5 do log.info("send", i, so:send(string.rep("z", 100))) end
    sys.timerStart(function() log.info("timer", "fired") end, 300)
    log.info("send", 6, so:send(string.rep("z", 100)))
    log.info("never")
end)
sys.run()
