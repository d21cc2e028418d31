-- checks: rtos.meminfo shapes for lua and sys heaps, the figures' relations, version/bsp strings, rtos functions present
-- for: 5000
local t, u, m = rtos.meminfo()
log.info("lua", math.type(t), math.type(u), math.type(m), t, u <= m, m <= t)
local st, su, sm = rtos.meminfo("sys")
log.info("sys", st, su <= sm, sm <= st)
log.info("ver", rtos.version(), rtos.bsp(), rtos.firmware and rtos.firmware())
log.info("buildDate", type(rtos.buildDate()))
for _, n in ipairs({"reboot", "receive", "timer_start", "timer_stop", "meminfo", "version", "bsp", "nop", "standby", "autoFull"}) do log.info("f", n, type(rtos[n])) end
os.exit(0)
