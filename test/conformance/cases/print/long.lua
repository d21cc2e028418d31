-- checks: a long print line stays one line
local sys = require "sys"
print(string.rep("ab", 200))
sys.run()
