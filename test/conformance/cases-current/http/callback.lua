-- checks: the returned object's cb(f) runs f in a task with the results; opts.callback reports progress (content length, received)
-- servers: http
-- for: 8000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
local base = "http://127.0.0.1:" .. conf.http
local calls = {}
http.request("GET", base .. "/hello").cb(function(code, headers, body)
  log.info("cb", code, body)
  http.request("GET", "ftp://x").cb(function(...) log.info("cb-error", ...) end)
end)
sys.taskInit(function()
  local code, _, body = http.request("GET", base .. "/json", nil, nil, {callback = function(total, got, ud)
    calls[#calls + 1] = total .. "/" .. got .. "/" .. tostring(ud)
  end, userdata = "u"}).wait()
  log.info("progress", code, #body, calls[#calls], #calls > 0)
  sys.wait(200)
  os.exit(0)
end)
sys.run()
