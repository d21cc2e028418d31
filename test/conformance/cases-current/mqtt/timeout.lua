-- checks: conn_timeout (2 asked, 5 s the minimum: the log says so) against a server that accepts and never answers: the timeout error, then disconnect and close
-- servers: tcp-silent
-- for: 10000
-- mask: netc:[0-9A-Fa-f]+
local conf = require("conf")
sys.taskInit(function()
  local c = mqtt.create(nil, "127.0.0.1", conf["tcp-silent"], nil, {conn_timeout = 2})
  c:auth("timeout-1")
  c:on(function(client, event, a, b)
    log.info("event", event, a, b, c:state())
    sys.publish("mq_" .. event)
  end)
  log.info("connect", c:connect(), c:state())
  sys.wait(1000)
  log.info("state", c:ready(), c:state())
  log.info("close", sys.waitUntil("mq_close", 8000))
  sys.wait(100)
  os.exit(0)
end)
sys.run()
