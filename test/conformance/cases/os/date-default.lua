-- checks: os.date with a fixed time and no format is "%c"; "!%c" the same in UTC
local sys = require "sys"
log.info("c", os.date("!%c", 0), os.date("!%c", 86400 * 365))
log.info("type", type(os.date()))
sys.run()
