-- checks: sys.waitUntilExt and sys.waitUntilMsg presence and results
-- for: 5000
log.info("f", type(sys.waitUntilExt), type(sys.waitUntilMsg), type(sys.timerAdvStart), type(sys.cleanMsg))
sys.taskInit(function()
  sys.timerStart(sys.publish, 10, "E", "v")
  log.info("ext", sys.waitUntilExt("E", 500))
  os.exit(0)
end)
sys.run()
