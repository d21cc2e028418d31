-- checks: socket.create with a callback, with a task name, with neither; the returned types and the initial state
-- for: 5000
local a = socket.create(nil, function() end)
local b = socket.create(nil, "mytask")
local c = socket.create(nil)
log.info("types", type(a), type(b), type(c))
log.info("state", socket.state(a))
log.info("state", socket.state(b))
log.info("cfg", socket.config(a))
log.info("cfg", socket.config(b, nil, true))
log.info("cfg", socket.config(c, 12345, false, false, 60, 10, 3))
for _, s in ipairs({a, b}) do socket.release(s) end
if c then socket.release(c) end
os.exit(0)
