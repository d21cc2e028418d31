-- checks: a host name in the URL is looked up (luatos-pc logs the lookup's line in a race with the task, so only the user lines compare)
-- servers: ws-echo
-- for: 8000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local wsc = websocket.create(nil, "ws://localhost:" .. conf["ws-echo"] .. "/sink")
  wsc:on(function(c, event) log.info("cb", event) if event == "conack" then sys.publish("UP") end end)
  log.info("connect", wsc:connect())
  log.info("up", sys.waitUntil("UP", 3000))
  wsc:close()
  os.exit(0)
end)
sys.run()
