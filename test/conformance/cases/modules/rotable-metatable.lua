-- checks: the C modules' shared rotable metatable is hidden (__metatable = false) and pairs lists the functions of a module
local sys = require "sys"
log.info("getmetatable", getmetatable(rtos), getmetatable(json), getmetatable(pack), getmetatable(timer), getmetatable(uart))
local names = {}
for k, v in pairs(pack) do names[#names + 1] = k .. "=" .. type(v) end
table.sort(names)
log.info("pairs", table.concat(names, " "))
sys.run()
