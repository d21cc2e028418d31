-- checks: opts.dst downloads the body into a file and returns its length; a 404 download removes the file
-- servers: http
-- for: 10000
-- mask: http close [0-9A-F]{16}
local conf = require("conf")
local base = "http://127.0.0.1:" .. conf.http
sys.taskInit(function()
  local code, headers, body = http.request("GET", base .. "/big", nil, nil, {dst = "/big.bin"}).wait()
  log.info("big", code, body, io.fileSize("/big.bin"))
  local data = io.readFile("/big.bin")
  log.info("data", data and #data, data and data:sub(1, 12), data and data:sub(-5))
  code, headers, body = http.request("GET", base .. "/status/404", nil, nil, {dst = "/missing.bin"}).wait()
  log.info("404", code, body, io.exists("/missing.bin"))
  code, headers, body = http.request("GET", base .. "/chunked", nil, nil, {dst = "/c.txt"}).wait()
  log.info("chunked", code, body, io.readFile("/c.txt"))
  os.exit(0)
end)
sys.run()
