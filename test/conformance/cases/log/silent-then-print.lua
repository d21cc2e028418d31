-- checks: SILENT hides log lines but print still prints
local sys = require "sys"
log.setLevel("SILENT")
log.error("hidden", 1)
print("visible", log.getLevel())
sys.run()
