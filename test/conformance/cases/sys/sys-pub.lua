-- checks: _G.sys_pub is sys.publish (the hook the C code publishes through)
local sys = require "sys"
log.info("hook", sys_pub == sys.publish, type(sys_pub))
sys.subscribe("Z", function(...) log.info("z", ...) end)
sys_pub("Z", 1, 2)
sys.run()
