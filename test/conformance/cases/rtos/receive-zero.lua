-- checks: rtos.receive(0) returns -1 at once when nothing is queued
local sys = require "sys"
log.info("zero", rtos.receive(0))
sys.run()
