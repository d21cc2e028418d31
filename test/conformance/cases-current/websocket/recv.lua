-- checks: an echoed text frame comes back as "recv" with its payload, FIN and opcode
-- servers: ws-echo
-- for: 8000
local conf = require("conf")
sys.taskInit(function()
  local wsc = websocket.create(nil, "ws://127.0.0.1:" .. conf["ws-echo"] .. "/echo")
  wsc:on(function(c, event, ...)
    log.info("cb", event, ...)
    if event == "conack" then sys.publish("UP") end
    if event == "recv" then sys.publish("RECV") end
  end)
  wsc:connect()
  sys.waitUntil("UP", 3000)
  log.info("send", wsc:send("hello"))
  log.info("recv", sys.waitUntil("RECV", 3000))
  wsc:close()
  os.exit(0)
end)
sys.run()
