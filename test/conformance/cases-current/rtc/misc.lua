-- checks: rtc.timezone (always 32 on the PC build; a bad argument gives false), setBaseYear's range, timerStart (false on the PC build) and timerStop, their argument errors, and the library's layout
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, t.n, table.concat(t, " ")) end
show("tz", rtc.timezone(), rtc.timezone(0), rtc.timezone(-16), rtc.timezone(48), rtc.timezone(-48))
show("tz bad", rtc.timezone(52), rtc.timezone(3), rtc.timezone(-52))
show("tz type", rtc.timezone(nil), rtc.timezone("32"), rtc.timezone(32.0), rtc.timezone(8.5))
show("base", rtc.setBaseYear(1900), rtc.setBaseYear(2050), pcall(rtc.setBaseYear, 1899))
show("base2", pcall(rtc.setBaseYear, 2051))
show("base3", pcall(rtc.setBaseYear))
show("timerStart", rtc.timerStart(0, {year = 2030, mon = 1, day = 1, hour = 0, min = 0, sec = 0}))
show("timerStart2", rtc.timerStart(0, 5))
show("timerStart3", rtc.timerStart(1, {year = 2030}))
show("timerStart4", rtc.timerStart(0, {year = 99999, mon = 99, day = 1, hour = 0, min = 0, sec = 0}))
show("timerStart e", pcall(rtc.timerStart))
show("timerStop", rtc.timerStop(0), rtc.timerStop(3))
show("timerStop e", pcall(rtc.timerStop, "x"))
local keys = {} for k in pairs(rtc) do keys[#keys + 1] = k end
show("keys", type(rtc), table.concat(keys, ","), pcall(require, "rtc"))
os.exit(0)
