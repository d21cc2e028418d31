-- checks: seek with SEEK_SET/SEEK_CUR/SEEK_END, the returned position, and out-of-range seeks (clamped)
-- for: 5000
local z = zbuff.create(16)
log.info("c", zbuff.SEEK_SET, zbuff.SEEK_CUR, zbuff.SEEK_END)
z:write("0123456789")
log.info("seek", z:seek(0), z:seek(3, zbuff.SEEK_CUR), z:seek(-2, zbuff.SEEK_END), z:used())
log.info("seek", z:seek(100), z:used(), z:seek(-100), z:used())
log.info("seek", z:seek(-1, zbuff.SEEK_CUR), z:seek(100, zbuff.SEEK_END))
os.exit(0)
