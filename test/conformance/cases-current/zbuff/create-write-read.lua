-- checks: zbuff.create with a size, a fill byte, a string; write/read moving the cursor; len/used; toStr; indexing
-- for: 5000
local a = zbuff.create(10)
log.info("a", a:len(), a:used(), #a, a[0], type(a))
local b = zbuff.create(4, 0x41)
log.info("b", b:toStr(), b:used(), b:len())
local c = zbuff.create(8, "hi")
log.info("c", c:toStr(0, 2), c:used(), c:len(), c[1])
log.info("write", a:write("abc"), a:write(0x31, 0x32), a:used())
a:seek(0)
log.info("read", a:read(3), a:read(2), a:read(20):toHex())
log.info("str", a:toStr():toHex(), #a:toStr(), a:toStr(1, 2), a:toStr(0, 0))
a[9] = 0x7A
log.info("idx", a[9], a[3])
os.exit(0)
