-- checks: an invalid conversion specifier is an error pcall catches
local sys = require "sys"
log.info("q", pcall(os.date, "%Q"))
log.info("end", pcall(os.date, "%"))
log.info("E", pcall(os.date, "%Ec", 0))
log.info("O", pcall(os.date, "%Oy", 0))
log.info("after")
sys.run()
