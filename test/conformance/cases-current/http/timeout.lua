-- checks: opts.timeout against a server that never answers: the timeout code, and that it fires after the timeout
-- servers: http
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local t0 = mcu.ticks()
  local r = {http.request("GET", "http://127.0.0.1:" .. conf.http .. "/slow", nil, nil, {timeout = 1500}).wait()}
  local dt = mcu.ticks() - t0
  log.info("timeout", #r, r[1], r[2], dt >= 1400)
  os.exit(0)
end)
sys.run()
