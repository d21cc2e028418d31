-- checks: the script image under /luadb/ through today's io: its files read, sizes, writes refused (W/luadb and D/vfs lines), "r+" opens, dexist inside it
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, t.n, table.concat(t, " ")) end
show("exists", io.exists("/luadb/main.lua"), io.exists("/luadb/nope.lua"))
show("size", fs.fsize("/luadb/main.lua") == #io.readFile("/luadb/main.lua"), fs.fsize("/luadb/main.lua") > 0, fs.fsize("/luadb/"))
show("head", io.readFile("/luadb/main.lua", "rb", 3, 6))
show("w", io.open("/luadb/main.lua", "w"))
show("writeFile", io.writeFile("/luadb/x.txt", "1"))
show("append", io.writeFile("/luadb/main.lua", "1", "a"))
show("r+", io.type(io.open("/luadb/main.lua", "r+")))
show("dexist", fs.dexist("/luadb/sub"), fs.dexist("/luadb/main.lua"), fs.dexist("/luadb/"))
local f = io.open("/luadb/main.lua", "rb") show("read", f:read(9)) f:close()
for l in io.lines("/luadb/main.lua") do show("first line", l) break end
os.exit(0)
