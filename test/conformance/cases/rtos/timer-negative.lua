-- checks: a negative timer period is a huge unsigned period: timer_start accepts it (RT-Thread's timer assertion then stops the caller)
local sys = require "sys"
sys.taskInit(function()
    log.info("before")
    log.info("neg", rtos.timer_start(100005, -5))
    log.info("after")
end)
sys.run()
