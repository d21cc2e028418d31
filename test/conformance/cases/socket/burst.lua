-- checks: a 5000-byte burst arrives as recv events of at most 1024 bytes (1024 x4 + 904), then the peer close
-- servers: tcp-burst
-- compare: user
-- for: 1200
local conf = require "conf"
local sys = require "sys"
local total = 0
sys.taskInit(function()
    local so = socket.tcp()
    so:on("recv", function(id, data) total = total + #data log.info("recv", #data, data:sub(1, 10)) end)
    so:on("error", function(id) log.info("error", id, total) end)
    so:start("127.0.0.1", conf["tcp-burst"])
    log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 2000), total)
    so:clean()
end)
sys.run()
