-- checks: socket.discon of a server ctrl: with its client connected, true false then CLOSED 0 (the client sees EVENT -1); after its client left, CLOSED 0 as well; a discon'ed server listens again
-- servers: listen-port
-- for: 8000
local names = {}
for _, k in ipairs({"ON_LINE", "TX_OK", "EVENT", "CLOSED", "LINK"}) do names[socket[k]] = k end
local q = { srv = {}, c1 = {}, c2 = {} }
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
sys.taskInit(function()
  local srv = ctrlFor("srv")
  socket.config(srv, port)
  socket.listen(srv)
  sys.wait(100)
  local c1 = ctrlFor("c1")
  socket.config(c1)
  socket.connect(c1, "127.0.0.1", port)
  sys.wait(200)
  events("srv", 1)
  events("c1", 1)
  log.info("discon", socket.discon(srv))
  log.info("state", socket.state(srv))
  sys.wait(200)
  events("srv", 1)
  events("c1", 1)
  log.info("state", socket.state(srv))
  log.info("listen", socket.listen(srv))
  sys.wait(100)
  local c2 = ctrlFor("c2")
  socket.config(c2)
  socket.connect(c2, "127.0.0.1", port)
  sys.wait(200)
  events("srv", 1)
  events("c2", 1)
  socket.close(c2)
  sys.wait(200)
  events("srv", 1)
  log.info("discon", socket.discon(srv))
  log.info("state", socket.state(srv))
  sys.wait(200)
  events("srv", 1)
  log.info("state", socket.state(srv))
  os.exit(0)
end)
sys.run()
