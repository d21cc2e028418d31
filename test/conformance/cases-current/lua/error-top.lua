-- checks: an uncaught error at the top of main.lua: the report and its traceback frames
-- for: 5000
log.info("e", "before")
local function f() error("top boom") end
f()
