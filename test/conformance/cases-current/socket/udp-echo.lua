-- checks: UDP socket (config isUDP): connect result, tx datagrams, rx with sender ip and port, TX_OK events
-- servers: udp-echo
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
  local ctrl = socket.create(nil, function(c, ev, p) log.info("cb", names[ev], p) sys.publish("EV_" .. names[ev], p) end)
  log.info("config", socket.config(ctrl, nil, true))
  log.info("connect", socket.connect(ctrl, "127.0.0.1", conf["udp-echo"]))
  log.info("online", sys.waitUntil("EV_ON_LINE", 3000))
  log.info("tx", socket.tx(ctrl, "dgram1"))
  log.info("ev", sys.waitUntil("EV_EVENT", 3000))
  local buf = zbuff.create(32)
  local ok, n, ip, port = socket.rx(ctrl, buf)
  log.info("rx", ok, n, type(ip), ip and ip:toHex(), port == conf["udp-echo"], buf:toStr(0, buf:used()))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
