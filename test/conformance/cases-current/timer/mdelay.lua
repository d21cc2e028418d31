-- checks: timer.mdelay blocks for 1..1023 ms (device time moves, timers wait until it returns) and ignores anything else without an error; udelay returns nothing
-- for: 8000
log.info("fields", type(timer.mdelay), type(timer.udelay))
log.info("returns", select("#", timer.mdelay(10)), select("#", timer.udelay(10)))
log.info("ignored", pcall(timer.mdelay), pcall(timer.mdelay, "x"), pcall(timer.mdelay, "10"), pcall(timer.mdelay, 1.5), pcall(timer.mdelay, 0), pcall(timer.mdelay, -5))
log.info("udelay", pcall(timer.udelay), pcall(timer.udelay, "x"), pcall(timer.udelay, 0), pcall(timer.udelay, 4000), pcall(timer.udelay, 1.5))
sys.taskInit(function()
    local fired = false
    sys.timerStart(function() fired = true end, 50)
    local t0 = mcu.ticks()
    timer.mdelay(200)
    local d = mcu.ticks() - t0
    log.info("200", d >= 200, d < 1200, fired)
    sys.wait(10)
    log.info("then", fired)
    t0 = mcu.ticks()
    timer.mdelay(1024)
    timer.mdelay(5000)
    timer.mdelay(200.0)
    log.info("1024", mcu.ticks() - t0 < 1000)
    t0 = mcu.ticks()
    timer.mdelay(1023)
    d = mcu.ticks() - t0
    log.info("1023", d >= 1023, d < 2000)
    os.exit(0)
end)
sys.run()
