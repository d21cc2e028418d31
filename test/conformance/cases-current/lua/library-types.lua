-- checks: what type() says of the firmware's libraries (rotables in flash on the device)
-- for: 5000
for _, n in ipairs({ "socket", "zbuff", "log", "rtos", "string", "table", "math", "os", "io", "coroutine", "debug", "utf8", "json", "sys" }) do log.info("t", n, type(_G[n])) end
log.info("mt", getmetatable("").__index == string)
os.exit(0)
