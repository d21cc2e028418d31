-- checks: subscribe/unsubscribe with functions, publish arguments (nil holes), several subscribers, publish with nobody listening
-- for: 5000
local function a(...) log.info("a", select("#", ...), ...) end
local function b(x) log.info("b", x) end
sys.subscribe("T", a)
sys.subscribe("T", b)
sys.publish("T", 1, nil, 3)
sys.publish("NOBODY", 1)
sys.taskInit(function()
  sys.wait(10)
  sys.unsubscribe("T", a)
  sys.publish("T", "only b")
  sys.wait(10)
  sys.unsubscribe("T", b)
  sys.publish("T", "none")
  sys.wait(10)
  log.info("done")
  os.exit(0)
end)
sys.run()
