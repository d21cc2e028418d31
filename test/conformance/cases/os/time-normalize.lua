-- checks: os.time normalizes out-of-range fields (month 13, day 0)
local sys = require "sys"
local base = os.time({ year = 2021, month = 1, day = 1, hour = 0 })
log.info("m13", os.time({ year = 2020, month = 13, day = 1, hour = 0 }) == base)
log.info("d0", os.time({ year = 2021, month = 1, day = 0, hour = 0 }) == base - 86400)
sys.run()
