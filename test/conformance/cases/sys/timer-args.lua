-- checks: timer callbacks get the extra arguments given to timerStart
local sys = require "sys"
sys.timerStart(function(...) log.info("args", ...) end, 20, 1, "two", nil, true)
sys.timerStart(function(...) log.info("none", select("#", ...)) end, 30)
sys.run()
