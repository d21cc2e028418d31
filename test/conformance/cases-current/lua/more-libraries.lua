-- checks: libraries of the PC build the simulator does not provide (bit, fs, rtos.setPaths)
-- for: 5000
log.info("g", type(bit) ~= "nil", type(fs) ~= "nil", type(rtos.setPaths))
os.exit(0)
