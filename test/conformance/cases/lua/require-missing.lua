-- checks: requiring a missing module is an error pcall catches
-- compare: user
local sys = require "sys"
local ok = pcall(require, "nosuchmodule")
log.info("missing", ok)
sys.run()
