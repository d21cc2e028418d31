-- checks: mcu.dtick64 of 8-byte tick strings: the int64 difference compared with the reference value, pushed as a 32-bit integer; errors for longer strings and bad arguments
-- for: 5000
local z = "\0\0\0\0\0\0\0\0"
log.info("equal", mcu.dtick64(z, z), mcu.dtick64(z, z, 1), mcu.dtick64(z, z, -1), mcu.dtick64(z, z, 2.0))
log.info("2^32", mcu.dtick64("\0\0\0\0\1\0\0\0", z), mcu.dtick64("\0\0\0\0\1\0\0\0", z, 5))
log.info("-1", mcu.dtick64(z, "\1\0\0\0\0\0\0\0"))
log.info("2^31", mcu.dtick64("\0\0\0\128\0\0\0\0", z))
log.info("-2^63", mcu.dtick64(z, "\0\0\0\0\0\0\0\128", 0))
log.info("1000", mcu.dtick64("\232\3\0\0\0\0\0\0", z, 999), mcu.dtick64("\232\3\0\0\0\0\0\0", z, 1000), mcu.dtick64("\232\3\0\0\0\0\0\0", z, 1001))
local a = mcu.tick64()
sys.taskInit(function()
    sys.wait(200)
    -- luatos-pc has been seen to end a wait of 200 ms early under load: the bounds leave room.
    local ok, d = mcu.dtick64(mcu.tick64(), a, 100000)
    log.info("wait", ok, d >= 100000 and d < 1200000, (mcu.dtick64(a, mcu.tick64(), 0)))
    log.info("err", pcall(mcu.dtick64, "123456789", z))
    log.info("err", pcall(mcu.dtick64, (mcu.tick64(true)), z))
    log.info("err", pcall(mcu.dtick64, z))
    log.info("err", pcall(mcu.dtick64, z, z, "x"))
    log.info("err", pcall(mcu.dtick64, z, z, 2.5))
    log.info("err", pcall(mcu.dtick64, {}, z))
    os.exit(0)
end)
sys.run()
