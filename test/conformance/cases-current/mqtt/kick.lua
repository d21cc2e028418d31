-- checks: the broker closes the connection: the events (error, disconnect, close), ready and state after, publish on the closed client
-- servers: mqtt-broker
-- for: 8000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local c = mqtt.create(nil, "127.0.0.1", conf["mqtt-broker"])
  c:auth("kick-1")
  local errors = 0
  c:on(function(client, event, a, b)
    -- The socket's own close after the broker's is reported as a second error, or not, as luatos-pc's reader thread goes.
    if event == "error" then errors = errors + 1 if errors > 1 then return end end
    log.info("event", event, a, b)
    sys.publish("mq_" .. event, a, b)
  end)
  log.info("connect", c:connect())
  log.info("conack", sys.waitUntil("mq_conack", 3000))
  log.info("kick", c:publish("broker/kick", "bye", 1))
  log.info("disconnect", sys.waitUntil("mq_disconnect", 3000))
  sys.wait(200)
  log.info("after", c:ready(), c:state())
  log.info("publish", c:publish("t/2", "late", 1))
  log.info("subscribe", c:subscribe("t/2"))
  sys.wait(200)
  log.info("connect again", c:connect())
  log.info("conack again", sys.waitUntil("mq_conack", 3000))
  log.info("state", c:ready(), c:state())
  os.exit(0)
end)
sys.run()
