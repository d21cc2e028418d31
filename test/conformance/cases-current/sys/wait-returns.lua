-- checks: return values of sys.wait, sys.waitUntil on publish and timeout, sys.waitUntil with no timeout published
-- for: 5000
sys.taskInit(function()
  log.info("wait", sys.wait(10))
  log.info("wait0", sys.wait(0))
  sys.timerStart(sys.publish, 20, "T", 1, nil, "three")
  log.info("until", sys.waitUntil("T", 1000))
  log.info("timeout", sys.waitUntil("NEVER", 30))
  sys.timerStart(sys.publish, 10, "U")
  log.info("nomsg", sys.waitUntil("U"))
  os.exit(0)
end)
sys.run()
