-- checks: connect before config, tx before connect, rx on an idle socket, state strings while idle
-- servers: tcp-echo
-- for: 8000
local conf = require("conf")
sys.taskInit(function()
  local ctrl = socket.create(nil, function(c, ev, p) sys.publish("EV", ev, p) end)
  log.info("tx", socket.tx(ctrl, "x"))
  log.info("rx", socket.rx(ctrl, zbuff.create(8)))
  log.info("read", socket.read(ctrl, 4))
  log.info("wait", socket.wait(ctrl))
  log.info("discon", socket.discon(ctrl))
  log.info("connect", socket.connect(ctrl, "127.0.0.1", conf["tcp-echo"]))
  log.info("ev", sys.waitUntil("EV", 3000) )
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
