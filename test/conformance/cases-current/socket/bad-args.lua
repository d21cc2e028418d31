-- checks: socket functions given bad arguments (nil ctrl, a string, no port): their returns or error messages
-- for: 5000
log.info("state", pcall(socket.state, nil))
log.info("tx", pcall(socket.tx, nil, "x"))
log.info("connect", pcall(socket.connect, "x", "1.2.3.4", 1))
log.info("close", pcall(socket.close))
log.info("release", pcall(socket.release, 1))
log.info("remote", pcall(socket.remoteIP, nil))
log.info("localIP", socket.localIP(99))
log.info("adapter", socket.adapter(99))
os.exit(0)
