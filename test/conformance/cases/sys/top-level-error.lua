-- checks: an error at the top level of main.lua: LUAT error line and "Lua VM exit!! reboot in 30s"
-- compare: user
log.info("before")
error("boom")
