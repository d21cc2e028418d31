-- checks: GET of a text resource with Content-Length: code, the headers table (keys as sent, sorted here), body
-- servers: http
-- for: 8000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
local function dump(code, headers, body)
  log.info("code", code, type(headers), type(body))
  if type(headers) == "table" then
    local keys = {}
    for k in pairs(headers) do keys[#keys + 1] = k end
    table.sort(keys)
    for _, k in ipairs(keys) do log.info("header", "[" .. k .. "]", "[" .. headers[k] .. "]") end
  end
  log.info("body", body)
end
sys.taskInit(function()
  local req = http.request("GET", "http://127.0.0.1:" .. conf.http .. "/hello")
  log.info("request", type(req), type(req.wait), type(req.cb), req.other)
  dump(req.wait())
  os.exit(0)
end)
sys.run()
