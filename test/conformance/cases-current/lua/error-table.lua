-- checks: error() with a table value and with level 0 in a task; pcall/xpcall results
-- for: 5000
log.info("pc", pcall(error, "x", 0))
log.info("pc", select("#", pcall(error)))
log.info("xp", xpcall(function() error("deep") end, function(m) return "handled: " .. m end))
local ok, e = pcall(error, { code = 1 })
log.info("pc", ok, type(e), e.code)
sys.taskInit(function()
  error({ code = 2 })
end)
sys.run()
