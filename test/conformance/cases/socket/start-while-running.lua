-- checks: start() on a running object fails (the pipe name exists) and tears the live connection down
-- servers: tcp-echo
-- for: 1000
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    so:on("error", function(id) log.info("error", id) end)
    log.info("start1", so:start("127.0.0.1", conf["tcp-echo"]))
    sys.wait(200)
    log.info("start2", so:start())
    log.info("closed", so:closed())
    log.info("send", so:send("x"))
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 500))
    so:clean()
end)
sys.run()
