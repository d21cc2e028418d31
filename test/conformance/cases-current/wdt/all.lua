-- checks: wdt's functions on the PC build: init, setTimeout, feed and close succeed (the watchdog never bites), their arguments, the library's layout
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, t.n, table.concat(t, " ")) end
show("init", wdt.init(9000), wdt.init(), wdt.init(-1), wdt.init("100"))
show("setTimeout", wdt.setTimeout(5000), wdt.setTimeout())
show("feed", wdt.feed(), wdt.feed(1, 2))
show("close", wdt.close())
show("e1", pcall(wdt.init, "x"))
show("e2", pcall(wdt.setTimeout, 1.5))
show("e3", pcall(wdt.init, {}))
local keys = {} for k in pairs(wdt) do keys[#keys + 1] = k end
show("keys", type(wdt), table.concat(keys, ","), pcall(require, "wdt"))
sys.timerLoopStart(wdt.feed, 100)
sys.taskInit(function()
    sys.wait(350)
    show("fed", wdt.feed())
    os.exit(0)
end)
sys.run()
