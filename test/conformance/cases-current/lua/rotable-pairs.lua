-- checks: pairs over the firmware's libraries (rotables): every entry, constants included, in the order of the library's C array; the constants' values
-- for: 5000
for _, name in ipairs({ "rtos", "log", "zbuff", "socket", "json", "pack", "fskv", "string", "math", "table", "os", "io", "coroutine", "utf8", "debug" }) do
  local entries = {}
  for k, v in pairs(_G[name]) do
    entries[#entries + 1] = type(v) == "function" and k or (k .. "=" .. tostring(v))
  end
  log.info(name, #entries, table.concat(entries, " "))
end
os.exit(0)
