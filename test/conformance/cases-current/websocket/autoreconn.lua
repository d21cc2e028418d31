-- checks: autoreconn: after the server drops the connection, the client connects again after its period and gets a new conack
-- servers: ws-echo
-- for: 10000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  local wsc = websocket.create(nil, "ws://127.0.0.1:" .. conf["ws-echo"] .. "/drop")
  wsc:autoreconn(true, 1000)
  local ups, down = 0, false
  wsc:on(function(c, event, ...)
    -- Between the first disconnect and the next conack luatos-pc may or may not report the socket's close again (a race of its adapter thread).
    if event == "conack" then down = false end
    -- The dropped connection may beat the send's TX_OK on luatos-pc (then no "sent").
    if down or event == "sent" then return end
    log.info("cb", event, ...)
    if event == "disconnect" then down = true end
    if event == "conack" then ups = ups + 1 sys.publish("UP" .. ups) end
  end)
  wsc:connect()
  sys.waitUntil("UP1", 3000)
  log.info("send", wsc:send("x"))
  log.info("up again", sys.waitUntil("UP2", 5000))
  log.info("ready", wsc:ready())
  wsc:close()
  os.exit(0)
end)
sys.run()
