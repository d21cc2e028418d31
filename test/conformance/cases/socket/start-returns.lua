-- checks: start() returns 2 without host/port, 1 for a host of 32 bytes or more, 0 otherwise; start(host) defaults the port to 80
-- servers: tcp-refuse
-- for: 900
local sys = require "sys"
local a = socket.tcp()
log.info("no host", a:start())
local b = socket.tcp()
b:host("127.0.0.1")
log.info("no port", b:start())
local c = socket.tcp()
log.info("long", c:start(string.rep("h", 32), 80), tostring(c))
local d = socket.tcp()
log.info("31", d:start(string.rep("h", 31) , 1), tostring(d))
local e = socket.tcp()
log.info("default port", e:start("127.0.0.1"), tostring(e))
local f = socket.tcp()
f:host("a")
f:port(5)
log.info("one char", f:start())
sys.run()
