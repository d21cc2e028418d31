-- checks: socket.isReady(), socket.ip(), rebind() returns false with its warning, and the members of the module table
local sys = require "sys"
log.info("ready", socket.isReady())
log.info("ip", socket.ip() == socket.ip(), type(socket.ip()))
local so = socket.tcp()
log.info("rebind", so:rebind(3), so:closed(), so:sockid())
local names = {}
for k in pairs(socket) do names[#names + 1] = k end
table.sort(names)
log.info("socket", table.concat(names, " "))
sys.run()
