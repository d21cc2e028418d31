-- checks: log with a number tag, a missing value list, and log.info with only a tag
-- for: 5000
log.info("only")
log.info(12, "numtag")
log.warn("w", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
print()
print("")
print("end")
os.exit(0)
