-- checks: mcu and timer are rotables listing their C arrays in order (the PC build's iomux, no altfun), with the peripheral constants; require does not find them
-- for: 5000
local function list(lib)
    local out = {}
    for k, v in pairs(lib) do out[#out + 1] = k .. "=" .. (type(v) == "function" and "fn" or tostring(v)) end
    return table.concat(out, " ")
end
log.info("types", type(mcu), type(timer), getmetatable(mcu), mcu.altfun)
log.info("mcu", list(mcu))
log.info("timer", list(timer))
log.info("require", pcall(require, "mcu"))
log.info("require", pcall(require, "timer"))
log.info("assign", pcall(function() mcu.x = 1 end))
os.exit(0)
