-- checks: ntpSync returns 0; NTP_UPDATE comes with no arguments; the clock then reads UTC+8 (the server says 2021-03-24 00:00 UTC)
-- servers: ntp
-- mask: :\d\d$
local sys = require "sys"
sys.subscribe("NTP_UPDATE", function(...) log.info("ntp", select("#", ...)) end)
sys.taskInit(function()
    log.info("sync", socket.ntpSync("ntp.test"))
    log.info("update", sys.waitUntil("NTP_UPDATE", 3000))
    log.info("date", os.date("%Y-%m-%d %H:%M"))
end)
sys.run()
