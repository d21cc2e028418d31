-- The example of socket.tcp in LuatOS's 2021 socket document (docs/api/lua/luat_lib_socket.md) as a whole main.lua, written by
-- hand and corrected like main.ts: start() returns 0 when the connection
-- thread started, and the connect result is compared with 1.
PROJECT = "socketdemo"
VERSION = "1.0.0"
_G.sys = require("sys")

sys.taskInit(function()
    -- The document checks for nil here; the firmware never returns nil (out of memory raises).
    local so = socket.tcp()
    so:host("www.baidu.com")
    so:port(80)
    so:on("connect", function(id, re)
        if re == 1 then
            so:send("GET / HTTP/1.0\r\n\r\n")
        end
    end)
    so:on("recv", function(id, data)
        log.info("netc", id, data)
    end)
    if so:start() == 0 then
        sys.waitUntil("NETC_END_" .. so:id())
    end
    so:close()
    so:clean()
end)

sys.run()
