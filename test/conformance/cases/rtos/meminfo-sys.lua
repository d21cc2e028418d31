-- checks: meminfo("sys") returns three integers
local sys = require "sys"
local a, b, c = rtos.meminfo("sys")
log.info("sys", math.type(a), math.type(b), math.type(c))
sys.run()
