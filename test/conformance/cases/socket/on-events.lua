-- checks: on() keeps only connect/recv/error; other names and non-functions are ignored; an event without callback is dropped
-- servers: tcp-greet
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.tcp()
    so:on("close", function() log.info("close cb") end)
    so:on("Recv", function() log.info("Recv cb") end)
    so:on("recv", "not a function")
    so:on("error")
    so:on("connect", function(id, re) log.info("connect", id, re) end)
    so:start("127.0.0.1", conf["tcp-greet"])
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 2000))
    so:clean()
end)
sys.run()
