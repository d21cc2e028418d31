-- checks: main.lua returning without sys.run: the VM exits (E/main Lua VM exit!!) and luatos-pc exits 1
-- for: 5000
log.info("m", "returning")
