-- checks: a main.lua that returns without sys.run() ends in "Lua VM exit"
log.info("no run")
