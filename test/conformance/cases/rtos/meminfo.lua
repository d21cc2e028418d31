-- checks: rtos.meminfo returns three integers for "lua" (default), "sys" and any other string; a table is an argument error
-- mask: \d+
local sys = require "sys"
log.info("lua", rtos.meminfo())
log.info("types", math.type((rtos.meminfo())), select("#", rtos.meminfo()))
log.info("sys", rtos.meminfo("sys"))
log.info("other", rtos.meminfo("xyz"))
log.info("number", rtos.meminfo(1))
log.info("table", pcall(rtos.meminfo, {}))
sys.run()
