-- checks: which libraries and globals exist on the current firmware (present or not, whatever their kind)
-- for: 5000
local names = { "sys", "sysplus", "socket", "zbuff", "log", "rtos", "json", "pack", "crypto", "fskv", "io", "os", "string", "table", "math", "utf8", "coroutine", "debug", "mcu", "timer", "libnet", "http", "mqtt", "websocket", "sys_send", "sys_wait", "PROJECT", "VERSION" }
for _, n in ipairs(names) do log.info("g", n, _G[n] ~= nil) end
log.info("v", _VERSION)
os.exit(0)
