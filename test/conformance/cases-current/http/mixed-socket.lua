-- checks: http requests and socket.create connections take socket ids from the same round robin; two requests at once
-- servers: http, tcp-echo
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local s = socket.create(nil, function() end)
  socket.config(s)
  socket.connect(s, "127.0.0.1", conf["tcp-echo"])
  sys.wait(200)
  local a = http.request("GET", "http://127.0.0.1:" .. conf.http .. "/hello")
  local code, _, body = a.wait()
  log.info("a", code, body)
  local b = http.request("GET", "http://127.0.0.1:" .. conf.http .. "/json")
  socket.close(s)
  log.info("b", (b.wait()))
  os.exit(0)
end)
sys.run()
