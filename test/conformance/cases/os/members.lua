-- checks: which os functions the 2021 firmware has
local sys = require "sys"
for _, k in ipairs({ "time", "date", "clock", "difftime", "remove", "rename", "exit", "getenv", "execute", "tmpname", "setlocale" }) do
    log.info("os", k, type(os[k]))
end
log.info("clock", math.type(os.clock()))
sys.run()
