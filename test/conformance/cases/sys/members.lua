-- checks: the functions of the official sys module
local sys = require "sys"
local names = {}
for k, v in pairs(sys) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
log.info("sys", table.concat(names, " "))
sys.run()
