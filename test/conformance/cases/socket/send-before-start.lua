-- checks: send() on a configured but unstarted object returns false with "socket is closed!!!"
local sys = require "sys"
local so = socket.udp()
so:host("127.0.0.1")
so:port(9)
log.info("send", so:send("x"))
log.info("closed", so:closed())
sys.run()
