-- checks: tostring and string conversion of integers
local sys = require "sys"
log.info("s", tostring(10), 10 .. "", tonumber("0x10"), tonumber("12"), tonumber("z"))
sys.run()
