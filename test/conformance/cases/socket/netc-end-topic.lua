-- checks: NETC_END_<id> reaches function subscribers with no arguments, and the hex id is used in the topic
-- servers: tcp-refuse
local conf = require "conf"
local sys = require "sys"
for i = 1, 9 do socket.tcp() end
local so = socket.tcp()
sys.subscribe("NETC_END_" .. so:id(), function(...) log.info("end", so:id(), select("#", ...)) end)
so:start("127.0.0.1", conf["tcp-refuse"])
sys.run()
