-- checks: __index, __newindex and __call metamethods
local sys = require "sys"
local t = setmetatable({}, { __index = function(_, k) return k .. "!" end, __call = function(_, x) return x * 2 end })
log.info("mt", t.a, t(21), rawget(t, "a"))
sys.run()
