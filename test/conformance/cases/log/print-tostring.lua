-- checks: print and log call the global tostring (replacing it changes their output)
local sys = require "sys"
local orig = tostring
tostring = function(v) return "<" .. orig(v) .. ">" end
print(1, "a", nil)
log.info("t", 2, "b")
tostring = orig
print(1, "a", nil, true)
sys.run()
