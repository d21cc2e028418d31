-- checks: which standard libraries exist: package nil, utf8 absent, io present, rotable types
local sys = require "sys"
log.info("types", type(package), type(utf8), type(io), type(require), type(string), type(os), type(rtos))
sys.run()
