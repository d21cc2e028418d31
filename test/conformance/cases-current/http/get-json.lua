-- checks: GET of JSON (no headers/body/opts arguments, nil placeholders), decoded with json
-- servers: http
-- for: 8000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local code, headers, body = http.request("GET", "http://127.0.0.1:" .. conf.http .. "/json", nil, nil, nil).wait()
  log.info("code", code, headers["Content-Type"], headers["Content-Length"], #body)
  local t = json.decode(body)
  log.info("json", t.name, t.n, t.ok)
  os.exit(0)
end)
sys.run()
