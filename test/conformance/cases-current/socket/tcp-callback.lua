-- checks: TCP with a callback: ON_LINE 0 then tx/TX_OK, EVENT on echo, rx into a zbuff, discon CLOSED, close, release
-- servers: tcp-echo
-- for: 8000
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
  local ctrl
  ctrl = socket.create(nil, function(c, ev, p)
    log.info("cb", names[ev], p, c == ctrl)
    sys.publish("EV_" .. names[ev], p)
  end)
  log.info("config", socket.config(ctrl))
  log.info("connect", socket.connect(ctrl, "127.0.0.1", conf["tcp-echo"]))
  log.info("online", sys.waitUntil("EV_ON_LINE", 3000))
  log.info("state", socket.state(ctrl))
  log.info("remote", socket.remoteIP(ctrl))
  log.info("tx", socket.tx(ctrl, "hello"))
  log.info("txok", sys.waitUntil("EV_TX_OK", 3000))
  log.info("ev", sys.waitUntil("EV_EVENT", 3000))
  local buf = zbuff.create(64)
  log.info("rx", socket.rx(ctrl, buf))
  log.info("data", buf:toStr(0, buf:used()))
  log.info("rx again", socket.rx(ctrl, buf))
  log.info("discon", socket.discon(ctrl))
  log.info("closed", sys.waitUntil("EV_CLOSED", 3000))
  log.info("state", socket.state(ctrl))
  socket.close(ctrl)
  log.info("state", socket.state(ctrl))
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
