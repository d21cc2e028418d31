-- checks: the server ends the session after the first frame: a close frame ("error" rx, then disconnect); a ping, answered with a pong, then a close frame; closing the TCP connection ("error" connect, then disconnect)
-- servers: ws-echo
-- for: 12000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  for _, path in ipairs({"/close", "/ping", "/drop"}) do
    local wsc = websocket.create(nil, "ws://127.0.0.1:" .. conf["ws-echo"] .. path)
    local down = false
    wsc:on(function(c, event, ...)
      -- After the first disconnect luatos-pc may or may not report the socket's close again, and the server's
      -- answer may beat the send's TX_OK (then no "sent"): races of its adapter thread.
      if down or event == "sent" then return end
      log.info("cb" .. path, event, ...)
      if event == "conack" then sys.publish("UP") end
      if event == "disconnect" then down = true sys.publish("DOWN") end
    end)
    wsc:connect()
    sys.waitUntil("UP", 3000)
    log.info("send", wsc:send("bye"))
    log.info("down", sys.waitUntil("DOWN", 3000))
    log.info("ready", wsc:ready(), wsc:send("x"))
    wsc:close()
  end
  os.exit(0)
end)
sys.run()
