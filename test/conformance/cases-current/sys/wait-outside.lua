-- checks: sys.wait called on the main thread (outside any task)
-- for: 5000
log.info("before")
log.info("wait", pcall(sys.wait, 10))
log.info("after")
os.exit(0)
