-- checks: zbuff:pack / zbuff:unpack with endianness marks, integers of several widths, floats, strings
-- for: 5000
local z = zbuff.create(64)
log.info("pack", z:pack(">IHb", 0x01020304, 0x0506, -1), z:used())
log.info("pack", z:pack("<ih", -2, 300), z:used())
log.info("pack", z:pack("A", "str"), z:pack("f", 1.5), z:used())
log.info("hex", z:toStr(0, z:used()):toHex())
z:seek(0)
log.info("unpack", z:unpack(">IHb"))
log.info("unpack", z:unpack("<ih"))
log.info("unpack", z:unpack("A3f"))
log.info("unpack", z:unpack(">I"))
os.exit(0)
