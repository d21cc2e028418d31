-- checks: a zbuff body: POST sends the zbuff's used bytes, and the result's body is then the response's length (a number)
-- servers: http
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
local base = "http://127.0.0.1:" .. conf.http
sys.taskInit(function()
  local zb = zbuff.create(32)
  zb:write("zbuff-data")
  local code, headers, body = http.request("POST", base .. "/echo", nil, zb).wait()
  log.info("post", code, type(body), body, zb:used())
  code, headers, body = http.request("PUT", "http://127.0.0.1:" .. conf.http .. "/echo", nil, zb).wait()
  log.info("put", code, type(body), body)
  os.exit(0)
end)
sys.run()
