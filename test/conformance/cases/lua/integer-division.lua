-- checks: integer division and modulo of negatives, bit operations on 32-bit integers
local sys = require "sys"
log.info("div", 7 // 2, -7 // 2, 7 % -3, -7 % 3)
log.info("bits", 1 << 31, 0xff & 0x0f, 5 | 2, 5 ~ 1, ~0)
sys.run()
