-- checks: today's io.open failures (nil, "<path>: 2", 2 and a D/vfs line) and io.lines: formats, the file closed at the end, a missing file, no argument
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, t.n, table.concat(t, " ")) end
io.writeFile("/l.txt", "one\ntwo\n\nthree")
for l in io.lines("/l.txt") do show("line", l) end
for a, b in io.lines("/l.txt", 1, "l") do show("fmt", a, b) end
show("missing", pcall(io.lines, "/nope.txt"))
show("none", pcall(io.lines))
local it = io.lines("/l.txt", "a")
show("all", it())
show("after", pcall(it))
show("open", io.open("/nope2"))
local f = io.open("/l.txt") show("type", io.type(f)) f:close()
show("w", io.open("/sub/none.txt", "w"))
show("mode", pcall(io.open, "/l.txt", "q"))
os.exit(0)
