-- checks: LUA_32BITS numbers: 32-bit integer wrap, float formatting of the 2021 printf (%.7g keeping zeros)
local sys = require "sys"
log.info("int", 2147483647 + 1, math.maxinteger, math.mininteger)
log.info("float", 1.5, 0.1, 1e10, 2^31, 1/3)
log.info("eq", 0.1 + 0.2 == 0.3)
log.info("math", math.pi, math.huge)
sys.run()
