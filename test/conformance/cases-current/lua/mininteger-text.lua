-- checks: math.mininteger in decimal through concatenation, tostring, string.format %d/%i/%5d, arithmetic results, print; %x and json unaffected
-- for: 5000
local m = math.mininteger
log.info("m", "" .. m, tostring(m), string.format("%d|%5d|%x|%i", m, m, m, m), m // 1, -m, m + 0, json.encode(m))
print(m, math.tointeger(-2147483648.0), m + 1)
os.exit(0)
