-- checks: sys.taskInit returns a coroutine and passes arguments; coroutine status after a task ends; sys.taskDel
-- for: 5000
local co = sys.taskInit(function(a, b) log.info("args", a, b) sys.wait(5) return "done" end, "x", 2)
log.info("co", type(co), coroutine.status(co))
sys.taskInit(function()
  sys.wait(20)
  log.info("status", coroutine.status(co))
  log.info("del", type(sys.taskDel))
  os.exit(0)
end)
sys.run()
