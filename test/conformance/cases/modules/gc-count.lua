-- checks: collectgarbage as in Lua 5.3 with the firmware's settings: "count" returns one float, "step" a boolean (a step of 0 KB is left out: whether it ends a cycle depends on the collector's state), setpause/setstepmul the previous value (pause 90 from luat_main.c), stop/restart/isrunning, an unknown option is an argument error
local sys = require "sys"
log.info("count", select("#", collectgarbage("count")), math.type(collectgarbage("count")))
log.info("step", collectgarbage("step", 1000))
log.info("pause", collectgarbage("setpause", 100), collectgarbage("setpause", 100))
log.info("stepmul", collectgarbage("setstepmul", 300), collectgarbage("setstepmul"))
log.info("other", collectgarbage("collect"), collectgarbage("stop"), collectgarbage("isrunning"), collectgarbage("restart"), collectgarbage("isrunning"), collectgarbage())
log.info("bad", pcall(collectgarbage, "nope"))
sys.run()
