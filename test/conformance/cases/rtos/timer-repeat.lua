-- checks: sys.timerLoopStart ticks repeatedly on the rtos timer; timerStop ends it
local sys = require "sys"
local n = 0
local id
id = sys.timerLoopStart(function()
    n = n + 1
    log.info("tick", n)
    if n == 3 then sys.timerStop(id) end
end, 50)
sys.run()
