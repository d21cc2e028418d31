-- checks: string.format with integers and strings (no floats) as the firmware's Lua prints them
local sys = require "sys"
log.info("fmt", string.format("%d|%5d|%-3s|%x|%X|%o|%q", 42, 7, "a", 255, 255, 8, "q\n"))
sys.run()
