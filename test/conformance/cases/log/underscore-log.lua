-- checks: log._log(level, tag, ...) prints "<level>/user.<tag>" with the values; fewer than 2 arguments print nothing
local sys = require "sys"
log._log("X", "tag", 1, 2)
log._log("I", "tag")
log._log("I")
log._log()
log._log(5, 6, 7)
log._log(nil, "t", 1)
log._log("W", nil, 1)
sys.run()
