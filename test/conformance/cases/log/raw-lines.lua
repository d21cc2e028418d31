-- checks: log values are printed raw: "\r\n" inside data splits the serial line; tabs stay
local sys = require "sys"
log.info("t", "a\r\nb", "c\td")
log.info("t", "x\ny")
sys.run()
