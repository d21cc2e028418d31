-- checks: an unresolvable host: "dns name relove fail, retry at 2000ms", about 2 s later "again, quit", connect(id, 0) and NETC_END
-- for: 2800
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re) log.info("connect", id, re, so:closed()) end)
    log.info("start", so:start("no-such-host.invalid", 80))
    log.info("early", sys.waitUntil("NETC_END_" .. so:id(), 1500))
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 2000))
    so:clean()
end)
sys.run()
