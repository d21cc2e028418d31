-- checks: so:id() is the lowercase hex of a global counter shared by tcp and udp objects, also for objects never started
local sys = require "sys"
local ids = {}
for i = 1, 18 do
    local so = (i % 2 == 0) and socket.udp() or socket.tcp()
    ids[#ids + 1] = so:id()
end
log.info("ids", table.concat(ids, ","))
sys.run()
