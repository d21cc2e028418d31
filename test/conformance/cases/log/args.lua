-- checks: log with one argument prints the tag, with none nothing; nil, numbers, booleans and tables as tags and values
-- mask: table: \S+
local sys = require "sys"
log.info("tag")
log.info()
log.info("t", nil)
log.info("t", nil, 1)
log.info(12, 34)
log.info(nil, "x")
log.info(true, "x")
log.info("t", true, false, 1, -2, "s")
log.info("t", {})
sys.run()
