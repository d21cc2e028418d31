-- checks: URLs without a scheme and path, with a query
-- servers: ws-echo
-- for: 8000
local conf = require("conf")
local port = conf["ws-echo"]
sys.taskInit(function()
  for _, url in ipairs({"127.0.0.1:" .. port, "ws://127.0.0.1:" .. port .. "/sink?a=1"}) do
    local wsc = websocket.create(nil, url)
    wsc:on(function(c, event) log.info("cb", event) if event == "conack" then sys.publish("UP") end end)
    log.info("connect", wsc:connect())
    log.info("up", sys.waitUntil("UP", 3000))
    wsc:close()
  end
  os.exit(0)
end)
sys.run()
