-- checks: a chunked response is reassembled; the Transfer-Encoding header stays in the table
-- servers: http
-- for: 8000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local code, headers, body = http.request("GET", "http://127.0.0.1:" .. conf.http .. "/chunked").wait()
  log.info("chunked", code, headers["Transfer-Encoding"], headers["Content-Length"], body)
  os.exit(0)
end)
sys.run()
