-- checks: numeric for loops and integer/float loop variables
local sys = require "sys"
local s = 0
for i = 1, 10 do s = s + i end
log.info("sum", s, math.type(s))
for i = 3, 1, -1 do log.info("down", i) end
sys.run()
