-- checks: crypto.md_file and crypto.crc_file on the script image's main.lua and on a file the firmware writes (512-byte pieces give the same CRCs as one), HMAC keys, unknown digests and modes, missing files (the vfs line, then "no such file"), paths shorter than 2 bytes
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, t.n, table.concat(t, " ")) end
local data = string.rep("0123456789abcdef", 70) .. "tail"
io.writeFile("/crypto.bin", data)
local self = io.readFile("/luadb/main.lua")
show("self", #self, crypto.md_file("MD5", "/luadb/main.lua") == crypto.md5(self), crypto.crc_file("crc32", "/luadb/main.lua") == crypto.crc32(self))
show("md_file", crypto.md_file("MD5", "/crypto.bin"), crypto.md_file("SHA1", "/crypto.bin", "key"), crypto.md_file("SHA256", "/crypto.bin", ""), crypto.md_file("SHA256", "/crypto.bin", 5))
show("same", crypto.md_file("SHA512", "/crypto.bin") == crypto.sha512(data), crypto.md_file("SHA1", "/crypto.bin", "key") == crypto.hmac_sha1(data, "key"))
show("bad", crypto.md_file("FOO", "/crypto.bin"))
show("none", crypto.md_file("MD5", "/nope.bin"))
show("short", crypto.md_file("MD5", "/"), crypto.md_file("MD5", ""))
show("crc32", crypto.crc_file("crc32", "/crypto.bin"), crypto.crc_file("CRC32", "/crypto.bin", 0, 0x04C11DB7, 0), crypto.crc32(data))
show("crc8", crypto.crc_file("crc8", "/crypto.bin"), crypto.crc_file("CRC8", "/crypto.bin", 0xff, 0x31, 1), crypto.crc8(data, 0x31, 0xff, true))
show("crc16", crypto.crc_file("crc16_modbus", "/crypto.bin"), crypto.crc_file("CRC16_MODBUS", "/crypto.bin"), crypto.crc16_modbus(data))
show("crc16m", crypto.crc_file("IBM", "/crypto.bin"), crypto.crc_file("X25", "/crypto.bin"), crypto.crc_file("USER-DEFINED", "/crypto.bin", 0x1021, 0xFFFF, 0, 1, 1), crypto.crc_file("x", "/crypto.bin"))
show("crcnone", crypto.crc_file("crc32", "/nope.bin"))
show("crcshort", crypto.crc_file("crc32", "a"))
show("e1", pcall(crypto.md_file, "MD5"))
show("e2", pcall(crypto.crc_file))
os.exit(0)
