-- checks: the 2021 firmware has a json library (lua-cjson)
local sys = require "sys"
log.info("json", type(json), json and json.encode({ 1, 2 }))
sys.run()
