-- checks: print of integers (floats: see lua/numbers)
local sys = require "sys"
print(0, -1, 123456, 0x7fffffff)
sys.run()
