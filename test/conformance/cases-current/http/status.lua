-- checks: non-2xx answers come back as code, headers and body (404, 500, a 302 that is not followed, a 204 without body)
-- servers: http
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
local base = "http://127.0.0.1:" .. conf.http
sys.taskInit(function()
  local code, headers, body = http.request("GET", base .. "/status/404").wait()
  log.info("404", code, headers["Content-Length"], body)
  code, headers, body = http.request("GET", base .. "/status/500").wait()
  log.info("500", code, body)
  code, headers, body = http.request("GET", base .. "/redirect").wait()
  log.info("302", code, headers["Location"], body)
  code, headers, body = http.request("GET", base .. "/status/204").wait()
  log.info("204", code, headers["Content-Length"], "[" .. body .. "]")
  code, headers, body = http.request("GET", base .. "/nothing-here").wait()
  log.info("unknown", code, body)
  os.exit(0)
end)
sys.run()
