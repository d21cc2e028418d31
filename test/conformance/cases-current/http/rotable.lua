-- checks: the http library as the firmware builds it: its keys in pairs order, types, not writable
-- for: 5000
local keys = {}
for k, v in pairs(http) do keys[#keys + 1] = k .. ":" .. type(v) end
log.info("http", type(http), table.concat(keys, " "))
log.info("set", pcall(function() http.x = 1 end))
log.info("require", pcall(require, "http"))
os.exit(0)
