-- checks: os.exit(true) exits with 0
-- for: 5000
log.info("x", type(os.time()), os.date("%Y") ~= nil)
os.exit(true)
