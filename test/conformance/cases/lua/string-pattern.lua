-- checks: string.match/gmatch used for parsing commands
local sys = require "sys"
local cmd, arg = ("set 42"):match("^(%a+)%s+(%d+)$")
local parts = {}
for w in ("a,b,,c"):gmatch("([^,]*)") do parts[#parts + 1] = "[" .. w .. "]" end
log.info("m", cmd, arg, table.concat(parts))
sys.run()
