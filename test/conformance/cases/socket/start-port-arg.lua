-- checks: start(host, port) with a non-integer port is an argument error; a numeric-string host is taken
local sys = require "sys"
local so = socket.tcp()
log.info("float port", pcall(so.start, so, "127.0.0.1", 1.5))
log.info("str port", pcall(so.start, so, "127.0.0.1", "x"))
log.info("table host", pcall(so.start, so, {}, 1))
log.info("str", tostring(so))
sys.run()
