-- checks: the RTC at boot (os.time, os.date) and os.clock's type: luatos-pc reads the PC's clock
-- for: 5000
log.info("t", os.time() > 1700000000, math.type(os.clock()))
os.exit(0)
