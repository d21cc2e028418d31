-- checks: 32-bit VM: integer overflow wraps, float precision, string.format, math.type, tostring of floats
-- for: 5000
log.info("int", math.maxinteger, math.mininteger, math.maxinteger + 1, 0x7fffffff * 2)
log.info("flt", 16777217.0, 0.1 + 0.2, 1e38 * 10, string.format("%.3f", 1/3))
log.info("fmt", string.format("%d %5s %x %g", 42, "ab", 255, 1.5))
log.info("type", math.type(1), math.type(1.0), math.type("1"), 3 / 2, 4 / 2)
log.info("conv", tonumber("0x10"), tonumber("1e2"), tonumber("z", 36), math.tointeger(3.0))
log.info("str", ("abc"):upper(), #"hello", ("a,b"):find(","), ("x"):byte())
os.exit(0)
