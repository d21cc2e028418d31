-- checks: socket.localIP and socket.remoteIP shapes before and after a connection (address masked: the host's)
-- servers: tcp-echo
-- for: 8000
-- mask: \d+\.\d+\.\d+\.\d+
local conf = require("conf")
sys.taskInit(function()
  log.info("local", socket.localIP())
  local ctrl = socket.create(nil, function(c, ev, p) sys.publish("EV", ev, p) end)
  socket.config(ctrl)
  log.info("remote", socket.remoteIP(ctrl))
  socket.connect(ctrl, "127.0.0.1", conf["tcp-echo"])
  sys.waitUntil("EV", 3000)
  log.info("remote", socket.remoteIP(ctrl))
  socket.close(ctrl)
  socket.release(ctrl)
  os.exit(0)
end)
sys.run()
