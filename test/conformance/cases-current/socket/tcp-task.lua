-- checks: TCP with a task name: events arrive as messages to a taskInitEx task (sys.waitMsg), their ids and params
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
sys.taskInitEx(function()
  local ctrl = socket.create(nil, "sock")
  socket.config(ctrl)
  log.info("connect", socket.connect(ctrl, "127.0.0.1", conf["tcp-echo"]))
  local m = sys.waitMsg("sock", socket.EVENT, 3000)
  log.info("msg", type(m))
  local on = sys.waitMsg("sock", socket.ON_LINE, 3000)
  log.info("online", on and names[on[1]], on and on[2])
  log.info("tx", socket.tx(ctrl, "abc"))
  local ok = sys.waitMsg("sock", socket.TX_OK, 3000)
  log.info("txok", ok and names[ok[1]], ok and ok[2])
  local ev = sys.waitMsg("sock", socket.EVENT, 3000)
  log.info("event", ev and names[ev[1]], ev and ev[2])
  log.info("read", socket.read(ctrl, 2))
  log.info("read", socket.read(ctrl, 10))
  log.info("read", socket.read(ctrl, 10))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end, "sock", function(msg) log.info("other", msg and names[msg[1]]) end)
sys.run()
