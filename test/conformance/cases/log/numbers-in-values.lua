-- checks: integer values and negative numbers in log lines (floats: see lua/numbers)
local sys = require "sys"
log.info("ints", 0, -1, 2147483647, -2147483648, 0x10)
log.info("mixed", "a", 1, "b", 2)
sys.run()
