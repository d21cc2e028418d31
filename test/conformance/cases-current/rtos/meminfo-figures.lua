-- checks: rtos.meminfo figures after boot and after allocating a table (the simulator's heap model against the firmware's)
-- for: 5000
collectgarbage("collect")
log.info("boot", rtos.meminfo())
local t = {}
for i = 1, 1000 do t[i] = i end
log.info("after", rtos.meminfo())
os.exit(0)
