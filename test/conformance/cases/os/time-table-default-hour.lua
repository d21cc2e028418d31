-- checks: os.time of a date table without hour takes 12:00
local sys = require "sys"
log.info("noon", os.time({ year = 2021, month = 3, day = 24 }) - os.time({ year = 2021, month = 3, day = 24, hour = 0 }))
sys.run()
