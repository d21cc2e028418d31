-- checks: the rtos table's members and constants (INF_TIMEOUT -1, MSG_TIMER 1)
local sys = require "sys"
local names = {}
for k in pairs(rtos) do names[#names + 1] = k end
table.sort(names)
log.info("rtos", table.concat(names, " "))
log.info("const", rtos.INF_TIMEOUT, rtos.MSG_TIMER)
sys.run()
