-- checks: os.exit(false) exits with 1
-- for: 5000
log.info("x", "bye")
os.exit(false)
