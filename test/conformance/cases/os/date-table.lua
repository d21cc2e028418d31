-- checks: os.date("!*t") fields and os.time of a table
local sys = require "sys"
local d = os.date("!*t", 1616544000 + 3723)
log.info("t", d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
log.info("time", os.time({ year = 2021, month = 3, day = 24, hour = 1, min = 2, sec = 3 }) - os.time({ year = 2021, month = 3, day = 24, hour = 0 }))
log.info("missing", pcall(os.time, { year = 2021 }))
sys.run()
