-- checks: a host name: localhost resolves (the adapter's DNS lines), a name that does not resolve gives -4
-- servers: http
-- for: 15000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local code, headers, body = http.request("GET", "http://localhost:" .. conf.http .. "/hello").wait()
  log.info("localhost", code, body)
  log.info("unknown", http.request("GET", "http://no-such-host.invalid/x").wait())
  os.exit(0)
end)
sys.run()
