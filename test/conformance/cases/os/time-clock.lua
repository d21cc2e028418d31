-- checks: os.time() is an integer, os.clock() and os.difftime() floats
local sys = require "sys"
log.info("types", math.type(os.time()), math.type(os.clock()), math.type(os.difftime(10, 4)))
sys.run()
