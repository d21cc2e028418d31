-- checks: socket.tsend returns nothing: a delivered one-shot send, and "Connect fail!" for a refused port
-- servers: tcp-count, tcp-refuse
local conf = require "conf"
local sys = require "sys"
log.info("ok", select("#", socket.tsend("127.0.0.1", conf["tcp-count"], "payload")))
log.info("refused", select("#", socket.tsend("127.0.0.1", conf["tcp-refuse"], "payload")))
sys.run()
