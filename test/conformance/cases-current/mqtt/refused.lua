-- checks: connecting to a port where nothing listens: connect's result, the error and disconnect events, the states
-- servers: tcp-refuse
-- for: 8000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local c = mqtt.create(nil, "127.0.0.1", conf["tcp-refuse"])
  c:auth("refused-1")
  c:on(function(client, event, a, b)
    log.info("event", event, a, b, c:state())
    sys.publish("mq_" .. event, a, b)
  end)
  log.info("connect", c:connect(), c:state())
  log.info("wait", sys.waitUntil("mq_close", 3000))
  log.info("after", c:ready(), c:state())
  sys.wait(100)
  os.exit(0)
end)
sys.run()
