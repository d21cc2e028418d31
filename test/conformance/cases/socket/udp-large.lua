-- checks: a 600-byte and a 1500-byte UDP send leave in pipe-sized datagrams (512 + 88, 512 + 512 + 476)
-- servers: udp-count
-- compare: user
-- (the teardown after close() interleaves the Lua thread's deinit with the netclient thread's cleanup in an order that depends on scheduling)
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    local so = socket.udp()
    so:on("connect", function() sys.publish("UP") end)
    so:on("recv", function(id, data) log.info("recv", data) end)
    so:start("127.0.0.1", conf["udp-count"])
    sys.waitUntil("UP", 1000)
    log.info("send", so:send(string.rep("a", 600)))
    sys.wait(200)
    log.info("send", so:send(string.rep("b", 1500)))
    sys.wait(200)
    so:close()
    sys.waitUntil("NETC_END_" .. so:id(), 1000)
    so:clean()
end)
sys.run()
