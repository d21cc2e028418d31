-- checks: log's constants (LOG_SILENT is 7) and its members
local sys = require "sys"
log.info("const", log.LOG_SILENT, log.LOG_DEBUG, log.LOG_INFO, log.LOG_WARN, log.LOG_ERROR)
local names = {}
for k in pairs(log) do names[#names + 1] = k end
table.sort(names)
log.info("log", table.concat(names, " "))
sys.run()
