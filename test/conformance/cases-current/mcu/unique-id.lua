-- checks: mcu.unique_id is a string, the same at every call; mcu.muid is its uppercase hex (the id itself is the host's on luatos-pc)
-- for: 5000
-- compare: user
-- (only the user lines: at each call luatos-pc's shell writes "wmic: not found" to stderr, where the PC build looks for Windows' wmic)
local id = mcu.unique_id()
log.info("type", type(id), type(mcu.muid()), id == mcu.unique_id(), mcu.muid() == mcu.muid())
log.info("muid", mcu.muid() == id:toHex(), #mcu.muid() == 2 * #id, mcu.muid() == mcu.muid():upper())
log.info("args", mcu.unique_id(1, 2) == id, mcu.muid("x") == mcu.muid())
os.exit(0)
