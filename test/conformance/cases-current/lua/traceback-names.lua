-- checks: how tracebacks name functions: C functions by how they were called (global 'error'), a method, a local, a field of a user table; main-thread tracebacks end with [C]: in ?
-- for: 5000
local M = {}
function M.field() error("in field") end
local obj = {}
function obj:method() M.field() end
local function loc() obj:method() end
print(select(2, xpcall(loc, debug.traceback)))
print(debug.traceback("top", 1))
sys.taskInit(function()
  print(debug.traceback("task"))
  print(select(2, xpcall(function() string.rep() end, debug.traceback)))
  os.exit(0)
end)
sys.run()
