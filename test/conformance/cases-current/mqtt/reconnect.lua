-- checks: autoreconn: after the broker drops the client it reconnects by itself (disconnect without close, then conack again), reconnect log
-- servers: mqtt-broker
-- for: 10000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local c = mqtt.create(nil, "127.0.0.1", conf["mqtt-broker"])
  c:auth("reconn-1")
  c:autoreconn(true, 1000)
  local errors = 0
  c:on(function(client, event, a, b)
    -- The socket's own close after the broker's is reported as a second error, or not, as luatos-pc's reader thread goes.
    if event == "error" then errors = errors + 1 if errors > 1 then return end end
    log.info("event", event, a, b, c:state())
    sys.publish("mq_" .. event, a, b)
  end)
  log.info("connect", c:connect())
  log.info("conack", sys.waitUntil("mq_conack", 3000))
  log.info("kick", c:publish("broker/kick", "", 0))
  log.info("disconnect", sys.waitUntil("mq_disconnect", 3000), c:state())
  log.info("conack again", sys.waitUntil("mq_conack", 3000), c:ready(), c:state())
  log.info("sub", c:subscribe({["a/1"] = 1}))
  log.info("suback", sys.waitUntil("mq_suback", 3000))
  os.exit(0)
end)
sys.run()
