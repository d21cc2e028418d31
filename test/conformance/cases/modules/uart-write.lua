-- checks: uart on the 2021 firmware: setup of an existing and a missing port, write counts, read with nothing received, close
local sys = require "sys"
log.info("setup", uart.setup(1, 115200), uart.setup(1, 9600, 8, 1))
log.info("write", uart.write(1, "hello"), uart.write(1, ""))
log.info("read", uart.read(1, 10) == "", #uart.read(1, 10))
log.info("close", uart.close(1))
log.info("missing", uart.setup(7, 115200), uart.write(7, "x"))
sys.run()
