-- checks: a socket made with neither callback nor task: connect, socket.wait, rx poll, discon without any event delivered
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
  local ctrl = socket.create(nil)
  log.info("type", type(ctrl))
  if not ctrl then os.exit(0) end
  socket.config(ctrl)
  log.info("connect", socket.connect(ctrl, "127.0.0.1", conf["tcp-echo"]))
  log.info("up", waitFor(function() return socket.state(ctrl) == 5 end, 3000), socket.state(ctrl))
  log.info("tx", socket.tx(ctrl, "xyz"))
  local buf = zbuff.create(16)
  log.info("got", waitFor(function() local ok, n = socket.rx(ctrl, buf) return ok and buf:used() > 0 end, 3000), buf:toStr(0, buf:used()))
  log.info("wait", socket.wait(ctrl))
  log.info("discon", socket.discon(ctrl))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
