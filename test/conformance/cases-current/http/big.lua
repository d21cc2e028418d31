-- checks: a 20000-byte body with Content-Length arrives whole; a 12000-byte POST body is sent whole
-- servers: http
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
local base = "http://127.0.0.1:" .. conf.http
sys.taskInit(function()
  local code, headers, body = http.request("GET", base .. "/big").wait()
  log.info("big", code, #body, body:sub(1, 10), body:sub(-10))
  code, headers, body = http.request("POST", base .. "/echo", nil, string.rep("x", 12000)).wait()
  local t = json.decode(body)
  log.info("post", code, #t.body, t.headers["content-length"])
  os.exit(0)
end)
sys.run()
