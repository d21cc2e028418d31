-- checks: plain coroutines created by the firmware work beside sys tasks
local sys = require "sys"
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
log.info("gen", gen(), gen(), gen())
sys.taskInit(function() log.info("yieldable", coroutine.isyieldable()) end)
log.info("main yieldable", coroutine.isyieldable())
sys.run()
