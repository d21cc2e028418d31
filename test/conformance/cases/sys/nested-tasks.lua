-- checks: a task may start another task; both run to completion
local sys = require "sys"
sys.taskInit(function()
    log.info("outer start")
    sys.taskInit(function() sys.wait(10) log.info("inner done") end)
    sys.wait(30)
    log.info("outer done")
end)
sys.run()
