-- checks: create, ready before and after conack, the callback's arguments, WEBSOCKET_CONNACK, close and a second close
-- servers: ws-echo
-- for: 8000
local conf = require("conf")
sys.subscribe("WEBSOCKET_CONNACK", function(c) log.info("pub", "WEBSOCKET_CONNACK", type(c)) end)
sys.taskInit(function()
  local wsc = websocket.create(nil, "ws://127.0.0.1:" .. conf["ws-echo"] .. "/sink")
  log.info("create", type(wsc), tostring(wsc):sub(1, 4), wsc:ready())
  log.info("on", wsc:on(function(c, event, a, b, d)
    log.info("cb", c == wsc, event, a, b, d, c:ready())
    if event == "conack" then sys.publish("UP") end
  end))
  log.info("connect", wsc:connect())
  log.info("ready", wsc:ready())
  log.info("wait", sys.waitUntil("UP", 3000))
  log.info("ready", wsc:ready())
  log.info("close", wsc:close())
  log.info("ready", wsc:ready())
  sys.wait(300)
  log.info("close again", wsc:close())
  log.info("ready", wsc:ready())
  os.exit(0)
end)
sys.run()
