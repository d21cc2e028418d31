-- checks: os.date with a non-number time is an argument error
local sys = require "sys"
log.info("bad", pcall(os.date, "%Y", "x"))
sys.run()
