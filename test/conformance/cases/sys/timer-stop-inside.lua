-- checks: a loop timer that stops itself from its own callback fires no more
local sys = require "sys"
local n = 0
local function f()
    n = n + 1
    log.info("f", n)
    if n == 2 then sys.timerStopAll(f) end
end
sys.timerLoopStart(f, 30)
sys.run()
