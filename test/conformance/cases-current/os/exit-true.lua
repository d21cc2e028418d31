-- checks: os.exit(true) exits 0 and os.exit(false) would be 1: here true
-- for: 5000
log.info("x", os.time() > 0, type(os.clock()), os.date("%Y") ~= nil)
os.exit(true)
