-- checks: select and varargs with nils
local sys = require "sys"
local function f(...) return select("#", ...), (select(2, ...)) end
log.info("va", f(1, nil, 3))
sys.run()
