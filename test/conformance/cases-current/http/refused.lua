-- checks: a refused port gives the error code alone (no headers, no body)
-- servers: tcp-refuse
-- for: 8000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
sys.taskInit(function()
  local r = {http.request("GET", "http://127.0.0.1:" .. conf["tcp-refuse"] .. "/x").wait()}
  log.info("refused", #r, r[1], r[2], r[3])
  os.exit(0)
end)
sys.run()
