-- checks: tostring of UDP objects before and after configuration
local sys = require "sys"
local so = socket.udp()
log.info("new", tostring(so))
so:host("svc.test") so:port(5683)
log.info("set", tostring(so))
sys.run()
