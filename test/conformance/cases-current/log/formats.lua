-- checks: log.info/warn/error/debug format values (integers, floats, nil, booleans, tables) separated by spaces; print joins with tabs
-- for: 5000
log.info("fmt", 1, 2.5, nil, true, "s", -0)
log.warn("fmt", 1 / 0, "two words")
log.error("fmt")
log.debug("fmt", 3)
print("p", 1, nil, false)
print(type({}) == "table", 10 // 3, 7 / 2)
log.info("fmt", 0x7fffffff, math.maxinteger)
os.exit(0)
