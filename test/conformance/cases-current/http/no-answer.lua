-- checks: a server that closes without answering, or answers with something that is not HTTP: -5 (closed early)
-- servers: tcp-close, tcp-greet
-- for: 10000
-- compare: user
local conf = require("conf")
sys.taskInit(function()
  log.info("closed", http.request("GET", "http://127.0.0.1:" .. conf["tcp-close"] .. "/").wait())
  log.info("not-http", http.request("GET", "http://127.0.0.1:" .. conf["tcp-greet"] .. "/").wait())
  os.exit(0)
end)
sys.run()
