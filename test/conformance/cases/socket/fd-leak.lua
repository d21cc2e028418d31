-- checks: a failed connect leaves its socket and pipe open (3 of 16 descriptors per start): after a few refused connects start() returns 1
-- servers: tcp-refuse
-- for: 1500
local conf = require "conf"
local sys = require "sys"
sys.taskInit(function()
    for i = 1, 7 do
        local so = socket.tcp()
        local r = so:start("127.0.0.1", conf["tcp-refuse"])
        log.info("start", i, r, so:sockid())
        if r == 0 then sys.waitUntil("NETC_END_" .. so:id(), 1000) end
        log.info("after", i, so:sockid(), so:closed())
        so:clean()
    end
end)
sys.run()
