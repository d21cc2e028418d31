-- checks: meminfo's used is at most total and max used is at least used
local sys = require "sys"
local total, used, max = rtos.meminfo()
log.info("lua", used <= total, max >= used, total > 60000)
total, used, max = rtos.meminfo("sys")
log.info("sys", used <= total, max >= used)
sys.run()
