-- checks: clean() on an object never started still logs the deinit/destory lines; closed() afterwards
local sys = require "sys"
local so = socket.udp()
so:on("recv", function() end)
so:clean()
log.info("closed", so:closed())
so:clean()
log.info("again", so:closed())
sys.run()
