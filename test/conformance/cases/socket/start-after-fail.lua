-- checks: start() again after a failed connect: the pipe still exists, so it fails and releases the leftovers; a third start fails too
-- servers: tcp-refuse
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:start("127.0.0.1", conf["tcp-refuse"])
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    log.info("second", so:start())
    log.info("third", so:start())
    log.info("closed", so:closed())
    so:clean()
end)
sys.run()
