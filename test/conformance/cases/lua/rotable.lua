-- checks: the C libraries are rotables: userdata, "rotable: ..." strings, # is 0, assignment fails, missing fields are nil
-- mask: rotable: \S+
local sys = require "sys"
log.info("type", type(rtos), type(log), type(socket))
log.info("str", tostring(rtos))
log.info("len", #rtos, rtos.nope)
log.info("set", pcall(function() rtos.x = 1 end))
log.info("require", require("rtos") == rtos, require("log") == log)
sys.run()
