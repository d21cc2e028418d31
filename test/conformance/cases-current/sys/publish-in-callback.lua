-- checks: publish from a timer callback wakes a waiting task in the same order on both; many subscribers and a task waiting the same topic
-- for: 5000
sys.subscribe("A", function(x) log.info("sub", x) end)
sys.taskInit(function()
  log.info("task", sys.waitUntil("A", 500))
  log.info("task2", sys.waitUntil("A", 50))
end)
sys.timerStart(function() sys.publish("A", 1) sys.publish("A", 2) end, 10)
sys.timerStart(os.exit, 200, 0)
sys.run()
