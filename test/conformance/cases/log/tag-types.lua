-- checks: numeric and float-free tags are converted; a table tag prints (null)
local sys = require "sys"
log.info(7, "seven")
log.warn({}, "table tag")
log.error(false, "bool tag")
sys.run()
