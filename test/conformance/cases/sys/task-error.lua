-- checks: an error inside a task is logged by sys with a traceback; 500 ms later the VM exits (Lua VM exit, reboot in 30s)
-- for: 1000
-- compare: user
local sys = require "sys"
sys.taskInit(function()
    sys.wait(10)
    log.info("about to fail")
    local t = nil
    return t.x
end)
sys.run()
