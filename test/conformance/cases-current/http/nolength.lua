-- checks: a body without Content-Length or chunks (ended by the close): what the client returns
-- servers: http
-- for: 8000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local code, headers, body = http.request("GET", "http://127.0.0.1:" .. conf.http .. "/nolength").wait()
  log.info("nolength", code, headers["Connection"], body)
  os.exit(0)
end)
sys.run()
