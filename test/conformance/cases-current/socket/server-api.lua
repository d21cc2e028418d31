-- checks: the server side of the socket library (socket.listen, socket.accept) is present (in the simulator they raise "not simulated")
-- for: 5000
log.info("srv", type(socket.listen), type(socket.accept))
os.exit(0)
