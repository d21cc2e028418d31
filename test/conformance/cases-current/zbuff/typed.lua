-- checks: typed reads and writes (writeI8..writeF64, readU32...), their returns, and reads past the end
-- for: 5000
local z = zbuff.create(32)
log.info("w", z:writeI8(-1), z:writeU8(255), z:writeI16(-2), z:writeU16(65535), z:writeI32(-3), z:writeU32(0xFFFFFFFF))
log.info("w", z:writeF32(1.25), z:writeF64(2.5), z:used())
z:seek(0)
log.info("r", z:readI8(), z:readU8(), z:readI16(), z:readU16(), z:readI32(), z:readU32())
log.info("r", z:readF32(), z:readF64(), z:used())
log.info("past", z:readU32(), z:readU8(), z:used())
z:seek(30)
log.info("w past", z:writeU32(1), z:used())
os.exit(0)
