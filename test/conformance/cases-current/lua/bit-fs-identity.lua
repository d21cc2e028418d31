-- checks: bit and bit32 are one library, fs is io under a second name, and what kind of value each is
-- for: 5000
log.info("kind", type(bit), type(bit32), bit == bit32, type(fs), fs == io, rawequal(fs, io))
log.info("assign bit", pcall(function() bit.x = 1 end))
log.info("assign fs", pcall(function() fs.x = 1 end))
log.info("band", bit.band(0xF0, 0x3C), fs.exists("/luadb/main.lua"))
os.exit(0)
