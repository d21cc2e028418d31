-- checks: socket.tsend to an unresolvable host dereferences NULL: the device faults
local sys = require "sys"
log.info("before")
socket.tsend("no-such-host.invalid", 80, "x")
log.info("after")
sys.run()
