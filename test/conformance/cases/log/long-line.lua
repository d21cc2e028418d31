-- checks: a long log value prints whole on one line
local sys = require "sys"
log.info("long", string.rep("x", 300))
sys.run()
