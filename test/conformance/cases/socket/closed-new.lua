-- checks: closed(), sockid(), send() and tostring of a new, never started object; close() and clean() on it
local sys = require "sys"
local so = socket.tcp()
log.info("closed", so:closed())
log.info("sockid", so:sockid())
log.info("send", so:send("x"))
log.info("empty", so:send(""))
log.info("str", tostring(so))
so:close()
log.info("after close", so:closed())
so:clean()
log.info("after clean", so:closed(), tostring(so))
sys.run()
