-- checks: an uncaught error in a task: coroutine.resume report with traceback, then the VM exit via sys.run
-- for: 5000
sys.taskInit(function()
  sys.wait(5)
  local t = nil
  log.info("e", "before")
  return t.x
end)
sys.run()
