-- checks: bit shifts and rotations on 32 bits: counts of 32 and more, negative counts, arshift of negative numbers, rotation counts modulo 32
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, table.concat(t, " ")) end
show("lshift", bit.lshift(1, 31), bit.lshift(1, 32), bit.lshift(1, 33), bit.lshift(1, -1), bit.lshift(2, -1), bit.lshift(-1, 0), bit.lshift(3, 1000))
show("rshift", bit.rshift(-1, 1), bit.rshift(-1, 31), bit.rshift(-1, 32), bit.rshift(4, -1), bit.rshift(1, -32), bit.rshift(0x80000000, 31))
show("arshift", bit.arshift(-8, 1), bit.arshift(-8, 31), bit.arshift(-8, 32), bit.arshift(-8, -1), bit.arshift(8, 40), bit.arshift(-1, 0), bit.arshift(0x40000000, 1))
show("rotate", bit.lrotate(1, 33), bit.rrotate(1, 1), bit.lrotate(0x80000000, 1), bit.rrotate(1, -1), bit.lrotate(5, 0), bit.lrotate(5, 32), bit.rrotate(6, -33), bit.lrotate(1, -1))
show("extremes", bit.lshift(1, math.maxinteger), bit.rshift(-1, math.mininteger), bit.lshift(1, math.mininteger), bit.lrotate(3, math.mininteger), bit.arshift(-1, math.mininteger), bit.rrotate(5, math.mininteger), bit.lshift(5, -2147483647))
os.exit(0)
