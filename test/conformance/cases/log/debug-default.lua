-- checks: the default level is DEBUG (1): log.debug prints at boot
local sys = require "sys"
log.debug("dbg", log.getLevel())
sys.run()
