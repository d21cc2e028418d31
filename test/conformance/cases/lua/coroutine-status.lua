-- checks: coroutine status transitions and resume results
local sys = require "sys"
local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
log.info("r1", coroutine.resume(co, 1))
log.info("st", coroutine.status(co))
log.info("r2", coroutine.resume(co, 5))
log.info("st", coroutine.status(co))
log.info("r3", coroutine.resume(co))
sys.run()
