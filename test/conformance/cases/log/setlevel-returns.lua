-- checks: setLevel and the log functions return nothing
local sys = require "sys"
log.info("n", select("#", log.setLevel("DEBUG")), select("#", log.info("x", 1)), select("#", log.getLevel()))
sys.run()
