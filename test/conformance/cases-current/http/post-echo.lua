-- checks: POST/PUT/PATCH/DELETE with a string body and custom headers: the request the server saw (method, headers, body)
-- servers: http
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
local url = "http://127.0.0.1:" .. conf.http .. "/echo"
local function show(tag, code, headers, body)
  log.info(tag, code)
  local t = json.decode(body)
  log.info(tag, t.method, t.url, t.body)
  local keys = {}
  for k in pairs(t.headers) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local v = t.headers[k]
    if k == "host" then v = v:gsub(":%d+$", ":PORT") end
    log.info(tag, k, v)
  end
end
sys.taskInit(function()
  show("post", http.request("POST", url, {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Num"] = 12, ["X-Empty"] = "", ["X-Bool"] = true}, "abc=123&d=4").wait())
  show("put", http.request("PUT", url, {["Content-Length"] = "99"}, "put body").wait())
  show("patch", http.request("PATCH", url, {}, "p").wait())
  show("delete", http.request("DELETE", url).wait())
  show("get-body", http.request("GET", url, nil, "").wait())
  show("num-body", http.request("POST", url, nil, 12345).wait())
  show("conn", http.request("GET", url, {Connection = "close", Host = "example.com"}).wait())
  os.exit(0)
end)
sys.run()
