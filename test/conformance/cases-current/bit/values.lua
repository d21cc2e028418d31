-- checks: bit on negative numbers and LuatOS's additions: results with bit 31 set are negative, bit/set/clear/isset positions of 32 and more, bit and bit32 are one library
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, table.concat(t, " ")) end
show("lib", rawequal(bit, bit32), bit.band == bit32.band)
show("logic", bit.bnot(0), bit.bnot(-1), bit.bnot(0x7FFFFFFF), bit.band(-1, 0xff), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bxor(-1, 1), bit.band(-2147483648, -1), bit.bor(0x7FFFFFFF, 1))
show("empty", bit.band(), bit.bor(), bit.bxor(), bit.btest(), bit.btest(1, 2), bit.btest(3, 2))
show("bit", bit.bit(0), bit.bit(31), bit.bit(32), bit.bit(33), bit.bit(-1), bit.bit(63), bit.bit(64))
show("set", bit.set(0, 0, 31), bit.set(0, 32), bit.set(0, -1), bit.clear(-1, 0, 31), bit.clear(-1, 32), bit.set(5))
show("isset", bit.isset(5, 2), bit.isclear(5, 1), bit.isset(1, 32), bit.isset(1, 33), bit.isset(-1, 31), bit.isclear(0, -1))
show("extract", bit.extract(0xF0, 4, 4), bit.extract(-1, 31), bit.extract(-1, 0, 32), bit.extract(0x12345678, 8, 8))
show("replace", bit.replace(0, 7, 4, 3), bit.replace(-1, 0, 0, 32), bit.replace(0, 1, 31), bit.replace(0xFF, 0, 4))
show("convert", bit.band(2.0, 3), bit.band("3", "0x7"), bit.bor("-1"))
os.exit(0)
