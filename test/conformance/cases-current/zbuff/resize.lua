-- checks: resize grows and shrinks (used clamps), reSize alias, len after; set and clear
-- for: 5000
local z = zbuff.create(8)
z:write("12345678")
z:resize(16)
log.info("grow", z:len(), z:used(), z:toStr(0, z:used()))
z:resize(4)
log.info("shrink", z:len(), z:used(), z:toStr(0, z:used()))
z:set(0, 0x30)
log.info("set", z:toStr(0, 4):toHex())
z:clear(0x31)
log.info("clear", z:toStr(0, 4), z:used())
log.info("alias", type(z.reSize), type(z.resize))
os.exit(0)
