-- checks: an unreferenced object that was never started is collected: "__gc trigger" and the close lines
local sys = require "sys"
do local so = socket.tcp() end
collectgarbage()
collectgarbage()
log.info("collected")
sys.run()
