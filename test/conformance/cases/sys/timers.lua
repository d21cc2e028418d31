-- mask: function: \S+
-- checks: timerStart/timerLoopStart ids, timerIsActive, timerStop by id and by function, the same function and arguments restart one timer
local sys = require "sys"
local n = 0
local function tick(tag) n = n + 1 log.info("tick", tag, n) end
local id1 = sys.timerStart(tick, 30, "one")
local id2 = sys.timerStart(tick, 30, "one")
log.info("ids", math.type(id1), id1 == id2, sys.timerIsActive(id1), sys.timerIsActive(id2))
-- The stop falls halfway between two ticks: on the firmware a tick already queued when the loop
-- stops is handled after its timer block was freed and reused by the next timerStart, and the
-- handler stops that timer again (an assertion in rt_timer_stop, luat_lib_rtos.c:49).
local loop = sys.timerLoopStart(tick, 100, "loop")
sys.timerStart(function()
    log.info("active", sys.timerIsActive(loop))
    sys.timerStop(loop)
    log.info("stopped", sys.timerIsActive(loop))
    local id3 = sys.timerStart(tick, 10, "three")
    sys.timerStop(tick, "three")
    log.info("by fn", sys.timerIsActive(id3))
end, 350)
sys.run()
