-- checks: zbuff:free, methods after free, and the memory figures of a large buffer
-- for: 5000
local z = zbuff.create(1024)
log.info("len", z:len())
log.info("free", pcall(z.free, z))
log.info("after", pcall(z.len, z))
log.info("used", pcall(z.used, z))
os.exit(0)
