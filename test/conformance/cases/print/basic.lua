-- checks: print joins values with tabs; nil, booleans, strings, integers; no arguments prints an empty line
local sys = require "sys"
print("a", 1, nil, true, false)
print()
print("")
print("x\ty")
sys.run()
