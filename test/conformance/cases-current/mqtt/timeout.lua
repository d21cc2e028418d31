-- checks: conn_timeout (2 asked, 5 s the minimum: still connecting after 3 s) against a server that accepts and never answers: the timeout error, then disconnect and close
-- servers: tcp-silent
-- for: 10000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local c = mqtt.create(nil, "127.0.0.1", conf["tcp-silent"], nil, {conn_timeout = 2})
  c:auth("timeout-1")
  local errors = 0
  c:on(function(client, event, a, b)
    -- luatos-pc's reader thread may still report the socket the client closed: a second error, sometimes.
    if event == "error" then errors = errors + 1 if errors > 1 then return end end
    log.info("event", event, a, b, c:state())
    sys.publish("mq_" .. event)
  end)
  log.info("connect", c:connect(), c:state())
  sys.wait(3000)
  log.info("still connecting after 3 s", c:ready(), c:state())
  log.info("close", sys.waitUntil("mq_close", 8000))
  sys.wait(100)
  os.exit(0)
end)
sys.run()
