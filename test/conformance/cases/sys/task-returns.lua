-- checks: a task that returns ends quietly; its coroutine is dead
local sys = require "sys"
local co = sys.taskInit(function(x) return x end, 5)
log.info("status", coroutine.status(co))
sys.run()
