-- checks: require of a standard library or a firmware module (not in the loaded table on this firmware); the loaded table's content
-- for: 5000
log.info("req", pcall(require, "string"))
log.info("req", pcall(require, "zbuff"))
log.info("req", require("sys") == sys, require("sysplus") == sys)
local ks = {}
for k in pairs(debug.getregistry()._LOADED) do ks[#ks + 1] = k end
table.sort(ks)
log.info("loaded", table.concat(ks, " "))
os.exit(0)
