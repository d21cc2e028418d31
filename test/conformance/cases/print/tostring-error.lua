-- checks: print with a tostring that does not return a string raises "'tostring' must return a string to 'print'"
local sys = require "sys"
local orig = tostring
tostring = function() return 1 end
local ok, err = pcall(print, "x")
tostring = orig
log.info("print", ok, err)
sys.run()
