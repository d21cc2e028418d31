-- checks: connect by name (localhost) and by a name that does not resolve (.invalid): results and events
-- servers: tcp-echo
-- for: 10000
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
  local ctrl = socket.create(nil, function(c, ev, p) sys.publish("EV", names[ev], p) end)
  socket.config(ctrl)
  log.info("connect", socket.connect(ctrl, "localhost", conf["tcp-echo"]))
  log.info("ev", sys.waitUntil("EV", 5000))
  log.info("remote", socket.remoteIP(ctrl))
  socket.close(ctrl)
  local bad = socket.create(nil, function(c, ev, p) sys.publish("BAD", names[ev], p) end)
  socket.config(bad)
  log.info("connect", socket.connect(bad, "no-such-host.invalid", conf["tcp-echo"]))
  log.info("ev", sys.waitUntil("BAD", 8000))
  socket.close(bad)
  socket.release(bad)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
