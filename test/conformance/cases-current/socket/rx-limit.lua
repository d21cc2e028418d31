-- checks: socket.rx with a limit, with a too small zbuff, and socket.read lengths on a 5000-byte burst
-- servers: tcp-burst
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
  local ctrl = socket.create(nil, function(c, ev, p) sys.publish("EV", names[ev], p) end)
  socket.config(ctrl)
  socket.connect(ctrl, "127.0.0.1", conf["tcp-burst"])
  sys.waitUntil("EV", 3000)
  local buf = zbuff.create(100)
  local total = 0
  -- The server closes 300 ms after its burst: read everything at once, without waiting between reads.
  waitFor(function() local ok, n = socket.rx(ctrl, nil) return ok and n >= 5000 end, 3000)
  for _ = 1, 200 do
    local ok, n = socket.rx(ctrl, buf, 0, 40)
    if not ok or n == 0 then break end
    total = total + n
    buf:del()
  end
  log.info("total", total)
  log.info("rx end", socket.rx(ctrl, buf))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
