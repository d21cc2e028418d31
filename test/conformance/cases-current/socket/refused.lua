-- checks: connect to a port where nothing listens: ON_LINE with -1, state afterwards, close and release
-- servers: tcp-refuse
-- for: 8000
-- compare: user
local names = {}
for _, k in ipairs({"ON_LINE", "TX_OK", "EVENT", "CLOSED", "LINK"}) do names[socket[k]] = k end
local function waitFor(cond, ms)
  for _ = 1, ms // 10 do
    if cond() then return true end
    sys.wait(10)
  end
  return cond()
end
local conf = require("conf")
sys.taskInit(function()
  local ctrl = socket.create(nil, function(c, ev, p) log.info("cb", names[ev], p) sys.publish("EV", names[ev], p) end)
  socket.config(ctrl)
  log.info("connect", socket.connect(ctrl, "127.0.0.1", conf["tcp-refuse"]))
  log.info("ev", sys.waitUntil("EV", 3000))
  log.info("state", socket.state(ctrl))
  log.info("tx", socket.tx(ctrl, "x"))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
