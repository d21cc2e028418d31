-- checks: host()/port() getters and setters: "_"/0 before set, "" and 64+ bytes rejected with 1, non-integer ports ignored
local sys = require "sys"
local so = socket.tcp()
log.info("get", so:host(), so:port())
log.info("set", so:host("example.test"), so:port(8080))
log.info("empty", so:host(""), so:host())
log.info("64", so:host(string.rep("x", 64)), so:host())
log.info("63", #so:host(string.rep("y", 63)))
log.info("str port", so:port("80"), so:port(1.0), so:port(2.5), so:port())
log.info("neg port", so:port(-1), so:port(70000))
log.info("num host", so:host(123), so:host())
log.info("str", tostring(so))
sys.run()
