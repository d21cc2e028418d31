-- checks: a server that sends hello and closes: EVENT 0 for data, then EVENT -1 for the close; rx after close; state
-- servers: tcp-greet
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
  local evs = {}
  local ctrl = socket.create(nil, function(c, ev, p) evs[#evs + 1] = names[ev] .. " " .. p sys.publish("EV") end)
  socket.config(ctrl)
  socket.connect(ctrl, "127.0.0.1", conf["tcp-greet"])
  waitFor(function() return #evs >= 3 end, 3000)
  log.info("evs", table.concat(evs, ","))
  local buf = zbuff.create(16)
  log.info("rx", socket.rx(ctrl, buf))
  log.info("data", buf:toStr(0, buf:used()))
  log.info("state", socket.state(ctrl))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
