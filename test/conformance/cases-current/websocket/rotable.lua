-- checks: the websocket library as the firmware builds it: its keys in pairs order, types, not writable
-- for: 5000
local keys = {}
for k, v in pairs(websocket) do keys[#keys + 1] = k .. ":" .. type(v) end
log.info("websocket", type(websocket), table.concat(keys, " "))
log.info("set", pcall(function() websocket.x = 1 end))
log.info("require", pcall(require, "websocket"))
os.exit(0)
