-- checks: the 2021 firmware has the pack library
local sys = require "sys"
log.info("pack", type(pack))
sys.run()
