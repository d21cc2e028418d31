-- checks: how many times sys.timerAdvStart(fn, ms, n) runs fn for n = 1, 2, 3, 5
-- for: 5000
local c = {}
for _, r in ipairs({1, 2, 3, 5}) do
  c[r] = 0
  sys.timerAdvStart(function() c[r] = c[r] + 1 end, 10, r, r)
end
sys.taskInit(function()
  sys.wait(300)
  log.info("counts", c[1], c[2], c[3], c[5])
  os.exit(0)
end)
sys.run()
