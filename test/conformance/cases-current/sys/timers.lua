-- checks: timerStart ids, timerLoopStart runs, timerStop by id and by function, timerIsActive, timerStopAll
-- for: 5000
-- mask: : [0-9A-F]{16}\b
local n = 0
local function tick() n = n + 1 end
local id = sys.timerStart(tick, 10)
log.info("id", type(id), sys.timerIsActive(id))
sys.timerStop(id)
log.info("stopped", sys.timerIsActive(id))
local loop = sys.timerLoopStart(tick, 10)
sys.taskInit(function()
  sys.wait(55)
  sys.timerStop(loop)
  log.info("loops", n >= 3, sys.timerIsActive(loop))
  local f = function(a, b) log.info("args", a, b) end
  sys.timerStart(f, 5, "x", 2)
  sys.wait(20)
  sys.timerStart(f, 5, "y")
  sys.timerStop(f, "y")
  sys.timerLoopStart(tick, 5)
  sys.timerStopAll(tick)
  local before = n
  sys.wait(30)
  log.info("stopall", n == before)
  os.exit(0)
end)
sys.run()
