-- checks: table.concat/insert/remove/unpack
local sys = require "sys"
local t = { 1, 2 }
table.insert(t, 3)
table.insert(t, 1, 0)
log.info("t", table.concat(t, ","), table.remove(t), #t, table.unpack({ 4, 5 }))
sys.run()
