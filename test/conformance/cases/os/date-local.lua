-- checks: os.date without "!" on a fixed time formats the same fields as with "!" (the device has no time zone)
local sys = require "sys"
log.info("same", os.date("%Y-%m-%d %H:%M:%S", 1616544000) == os.date("!%Y-%m-%d %H:%M:%S", 1616544000))
sys.run()
