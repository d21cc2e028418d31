-- checks: a log call with many values joins all of them
local sys = require "sys"
log.info("many", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)
sys.run()
