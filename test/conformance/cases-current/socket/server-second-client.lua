-- checks: one client per listening ctrl: after the first client left, a second connects at the TCP level but the server ctrl only sees EVENT -1 (its bytes too); socket.close reports a stale EVENT -1, then socket.listen serves a third
-- servers: listen-port
-- for: 10000
local names = {}
for _, k in ipairs({"ON_LINE", "TX_OK", "EVENT", "CLOSED", "LINK"}) do names[socket[k]] = k end
local q = { srv = {}, c1 = {}, c2 = {}, c3 = {} }
local function ctrlFor(tag)
  return socket.create(nil, function(_, ev, p) table.insert(q[tag], names[ev] .. " " .. p) end)
end
local function events(tag, n)
  for _ = 1, 300 do
    if #q[tag] >= n then break end
    sys.wait(10)
  end
  log.info(tag, table.concat(q[tag], ","))
  q[tag] = {}
end
local conf = require("conf")
local port = conf["listen-port"]
local function client(tag)
  local c = ctrlFor(tag)
  socket.config(c)
  socket.connect(c, "127.0.0.1", port)
  sys.wait(200)
  return c
end
sys.taskInit(function()
  local srv = ctrlFor("srv")
  socket.config(srv, port)
  log.info("listen", socket.listen(srv))
  sys.wait(100)
  local c1 = client("c1")
  events("srv", 1)
  events("c1", 1)
  socket.close(c1)
  sys.wait(200)
  events("srv", 1)
  local c2 = client("c2")
  events("c2", 1)
  events("srv", 1)
  log.info("state", socket.state(srv))
  log.info("tx", socket.tx(c2, "lost"))
  sys.wait(200)
  events("c2", 1)
  events("srv", 1)
  log.info("read", socket.read(srv))
  local ok, none, ip = socket.accept(srv)
  log.info("accept", ok, none, ip)
  socket.close(c2)
  sys.wait(200)
  events("srv", 1)
  -- The adapter reports CLOSE_OK for the closed socket: with no new socket yet, the ctrl hears it as EVENT -1.
  socket.close(srv)
  log.info("state", socket.state(srv))
  sys.wait(100)
  events("srv", 1)
  log.info("listen", socket.listen(srv))
  sys.wait(100)
  log.info("state", socket.state(srv))
  local c3 = client("c3")
  events("srv", 1)
  events("c3", 1)
  log.info("tx", socket.tx(c3, "served"))
  sys.wait(200)
  events("srv", 1)
  log.info("read", socket.read(srv))
  os.exit(0)
end)
sys.run()
