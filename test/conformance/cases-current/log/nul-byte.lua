-- checks: print and log of a string holding a NUL byte (luatos-pc's console cuts it there and loses the newline)
-- for: 5000
print("a\0b", "c")
log.info("nul", "x\0y")
print("after")
os.exit(0)
