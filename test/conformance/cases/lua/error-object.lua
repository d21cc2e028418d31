-- checks: pcall with error tables and error levels
local sys = require "sys"
log.info("table", select(2, pcall(error, { code = 1 })).code)
log.info("level0", pcall(error, "plain", 0))
sys.run()
