-- checks: netclient methods called on something else raise an argument error
local sys = require "sys"
local so = socket.tcp()
log.info("wrong", pcall(so.id, {}))
log.info("nil", pcall(so.closed))
sys.run()
