-- checks: print of trailing nils keeps them
local sys = require "sys"
print(nil)
print(1, nil, nil)
sys.run()
