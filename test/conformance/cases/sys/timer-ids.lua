-- checks: sys timer ids count up from the message timer range and are reused after stops
local sys = require "sys"
local a = sys.timerStart(function() end, 1000)
local b = sys.timerStart(function() end, 1000)
log.info("ids", b - a)
sys.timerStop(a)
sys.timerStop(b)
sys.run()
