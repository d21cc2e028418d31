-- checks: print and log use __tostring; a __tostring that returns a non-string is an error
local sys = require "sys"
local t = setmetatable({}, { __tostring = function() return "T!" end })
print(t)
log.info("t", t)
local bad = setmetatable({}, { __tostring = function() return 1 end })
log.info("bad", pcall(print, bad))
sys.run()
