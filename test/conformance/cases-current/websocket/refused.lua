-- checks: a refused connection: connect() is true, then "error" connect and disconnect once
-- servers: tcp-refuse
-- for: 8000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local wsc = websocket.create(nil, "ws://127.0.0.1:" .. conf["tcp-refuse"] .. "/x")
  wsc:on(function(c, event, ...)
    log.info("cb", event, ...)
    if event == "disconnect" then sys.publish("DOWN") end
  end)
  log.info("connect", wsc:connect())
  log.info("down", sys.waitUntil("DOWN", 3000))
  sys.wait(500)
  log.info("ready", wsc:ready())
  wsc:close()
  os.exit(0)
end)
sys.run()
