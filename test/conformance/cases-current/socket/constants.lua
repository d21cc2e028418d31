-- checks: socket constants, functions present, dft/adapter/localIP before any connection
-- for: 5000
log.info("c", socket.ON_LINE, socket.TX_OK, socket.EVENT, socket.CLOSED, socket.LINK)
log.info("c", socket.ETH0, socket.LWIP_ETH, socket.LWIP_STA, socket.LWIP_GP, socket.USB)
for _, n in ipairs({"create", "config", "connect", "tx", "rx", "read", "wait", "discon", "close", "release", "state", "localIP", "remoteIP", "dft", "adapter", "linkup", "isReady", "tcp", "udp", "ntpSync", "setDNS", "sslLog", "debug", "setLinger"}) do
  log.info("f", n, type(socket[n]))
end
log.info("dft", socket.dft())
log.info("adapter", socket.adapter(socket.dft()))
os.exit(0)
