-- checks: at WARN the firmware's own I/ lines disappear but its W/ and E/ lines stay
-- servers: tcp-refuse
local conf = require "conf"
local sys = require "sys"
log.setLevel("WARN")
sys.taskInit(function()
    local so = socket.tcp()
    so:start("127.0.0.1", conf["tcp-refuse"])
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    log.warn("done", 1)
end)
sys.run()
