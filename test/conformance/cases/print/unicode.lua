-- checks: print passes bytes through (UTF-8 text)
local sys = require "sys"
print("héllo", "日志")
log.info("日志", "ok")
sys.run()
