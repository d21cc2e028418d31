-- checks: the server closes before the Content-Length body is complete: what came is the body, code 200
-- servers: http
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local code, headers, body = http.request("GET", "http://127.0.0.1:" .. conf.http .. "/truncated").wait()
  log.info("truncated", code, type(headers), headers["Content-Length"], body)
  os.exit(0)
end)
sys.run()
