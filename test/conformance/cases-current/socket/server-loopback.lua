-- checks: a client ctrl of the same firmware connects to a listening ctrl over loopback: ON_LINE 0 on both, accept names the client, data both ways with TX_OK and EVENT, the client's close is EVENT -1 and leaves the server ctrl dead (read false, tx false, listen false)
-- servers: listen-port
-- for: 8000
local names = {}
for _, k in ipairs({"ON_LINE", "TX_OK", "EVENT", "CLOSED", "LINK"}) do names[socket[k]] = k end
local q = { srv = {}, cli = {} }
local function ctrlFor(tag)
  return socket.create(nil, function(_, ev, p) table.insert(q[tag], names[ev] .. " " .. p) end)
end
-- Waits until the ctrl has seen n events, then logs and forgets them (the two ctrls' callbacks race on luatos-pc).
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
sys.taskInit(function()
  local srv = ctrlFor("srv")
  socket.config(srv, port)
  log.info("listen", socket.listen(srv))
  sys.wait(100)
  log.info("state", socket.state(srv))
  local cli = ctrlFor("cli")
  socket.config(cli)
  socket.connect(cli, "127.0.0.1", port)
  sys.wait(200)
  events("srv", 1)
  events("cli", 1)
  log.info("state", socket.state(srv))
  local ok, none, ip, p = socket.accept(srv)
  log.info("accept", ok, none, ip, math.type(p), p > 0)
  log.info("remote", socket.remoteIP(srv))
  log.info("tx", socket.tx(srv, "hello client"))
  sys.wait(200)
  events("srv", 1)
  events("cli", 1)
  log.info("client read", socket.read(cli))
  log.info("tx", socket.tx(cli, "hello server"))
  sys.wait(200)
  events("cli", 1)
  events("srv", 1)
  local buf = zbuff.create(4)
  log.info("server rx", socket.rx(srv, buf))
  log.info("data", buf:toStr(0, buf:used()))
  socket.close(cli)
  sys.wait(200)
  events("srv", 1)
  log.info("state", socket.state(srv))
  log.info("dead", socket.read(srv), (socket.tx(srv, "x")))
  log.info("listen", socket.listen(srv))
  os.exit(0)
end)
sys.run()
