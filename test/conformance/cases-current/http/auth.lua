-- checks: user:password@ in the URL becomes a Basic Authorization header; a port that is not a number falls back to 80
-- servers: http
-- for: 8000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local code, headers, body = http.request("GET", "http://user:secret@127.0.0.1:" .. conf.http .. "/echo?q=1").wait()
  local t = json.decode(body)
  log.info("auth", code, t.url, t.headers.authorization)
  os.exit(0)
end)
sys.run()
