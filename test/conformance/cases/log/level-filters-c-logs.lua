-- checks: log.setLevel also filters the firmware's own C log lines (netc)
-- servers: tcp-refuse
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    log.setLevel("ERROR")
    local so = socket.tcp()
    so:start("127.0.0.1", conf["tcp-refuse"])
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    log.setLevel("DEBUG")
    log.info("done")
end)
sys.run()
