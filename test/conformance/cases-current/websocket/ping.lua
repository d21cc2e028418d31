-- checks: a ping from the server is answered with a pong (the server closes once it has it)
-- servers: ws-echo
-- for: 8000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local wsc = websocket.create(nil, "ws://127.0.0.1:" .. conf["ws-echo"] .. "/ping")
  local down = false
  wsc:on(function(c, event, ...)
    -- After the first disconnect luatos-pc may or may not report the socket's close again (a race of its adapter thread).
    if down then return end
    log.info("cb", event, ...)
    if event == "conack" then sys.publish("UP") end
    if event == "disconnect" then down = true sys.publish("DOWN") end
  end)
  wsc:connect()
  sys.waitUntil("UP", 3000)
  log.info("send", wsc:send("bye"))
  log.info("down", sys.waitUntil("DOWN", 3000))
  log.info("ready", wsc:ready(), wsc:send("x"))
  wsc:close()
  os.exit(0)
end)
sys.run()
