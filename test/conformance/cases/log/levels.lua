-- checks: log.debug/info/warn/error/fatal prefixes, getLevel default and after setLevel, level filtering
local sys = require "sys"
log.info("level", log.getLevel())
log.debug("d", 1) log.info("i", 2) log.warn("w", 3) log.error("e", 4) log.fatal("f", 5)
log.setLevel("WARN")
log.info("level", log.getLevel())
log.warn("level", log.getLevel())
log.debug("d", 1) log.info("i", 2) log.warn("w", 3) log.error("e", 4) log.fatal("f", 5)
log.setLevel("ERROR")
log.warn("w", 3) log.error("e", 4)
log.setLevel("DEBUG")
log.debug("back", log.getLevel())
sys.run()
