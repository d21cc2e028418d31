-- checks: string functions used by firmware: rep, sub, byte/char, find, gsub
local sys = require "sys"
log.info("s", ("abc"):rep(2), ("hello"):sub(2, 3), string.char(72, 105), ("a,b"):find(","), (("x-y"):gsub("-", "+")))
sys.run()
