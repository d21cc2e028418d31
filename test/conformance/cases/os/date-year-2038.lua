-- checks: os.date near the 32-bit limit
local sys = require "sys"
log.info("max", os.date("!%Y-%m-%d %H:%M:%S", 2147483647))
log.info("zero", os.date("!%Y-%m-%d %H:%M:%S", 0))
sys.run()
