-- checks: config with keepalive arguments and tls off, then a normal connect and echo round trip
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
  local ctrl = socket.create(nil, function(c, ev, p) sys.publish("EV_" .. names[ev], p) end)
  log.info("config", socket.config(ctrl, nil, false, false, 300, 10, 3))
  log.info("connect", socket.connect(ctrl, "127.0.0.1", conf["tcp-echo"]))
  log.info("on", sys.waitUntil("EV_ON_LINE", 3000))
  socket.tx(ctrl, "ka")
  sys.waitUntil("EV_EVENT", 3000)
  log.info("read", socket.read(ctrl, 10))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
