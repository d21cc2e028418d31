-- checks: ntpSync to a name that does not resolve still returns 0 and publishes NTP_UPDATE at once, the clock unchanged
local sys = require "sys"
sys.taskInit(function()
    log.info("sync", socket.ntpSync("no-such-host.invalid"))
    log.info("update", sys.waitUntil("NTP_UPDATE", 1000))
    log.info("year", os.date("%Y") == "2021")
end)
sys.run()
