-- Measures the Lua heap of a LuatOS build folder on native Lua 5.3, over
-- the emulated 2021 C layer (luatos-2021-fake.lua beside this file: rtos
-- timers on a virtual clock, log with lines dropped, the socket netclient)
-- with a scripted collector that acknowledges every sample.
-- Run by compiler/native-heap.ts:
--
--   lua5.3 footprint.lua <luaDir> base <maxInstructions>
--   lua5.3 footprint.lua <luaDir> module <maxInstructions> <name>
--   lua5.3 footprint.lua <luaDir> run <maxInstructions> <bootMs> <hourMs> <hours>
--
-- Prints one line `FOOTPRINT <key>=<bytes> ...` (and `PROBLEM <text>`).
-- After <maxInstructions> Lua instructions (a firmware that never lets the
-- clock advance) it prints a PROBLEM line and exits 3: the bound does not
-- depend on how busy the machine is.
local dir, mode, maxInstructions = arg[1], arg[2], tonumber(arg[3])
local here = arg[0]:match("^(.*)[/\\]") or "."
local fake = dofile(here .. "/luatos-2021-fake.lua")

local function heap()
  collectgarbage("collect")
  collectgarbage("collect")
  return math.floor(collectgarbage("count") * 1024)
end

-- Counted in steps of a million; coroutines made later inherit the hook.
local STEP = 1000000
local steps = 0
debug.sethook(function()
  steps = steps + 1
  if steps * STEP >= maxInstructions then
    io.write("PROBLEM lua5.3 stopped after ", string.format("%d", maxInstructions), " Lua instructions (the firmware never let the clock advance)\n")
    io.flush()
    os.exit(3)
  end
end, "", STEP)

-- ---- require from the build folder only, like the device's searcher ----
package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua"
package.cpath = ""

-- ---- the C layer ----
local device = fake.createFakeDevice({ keepLogs = false })
-- The collector: acknowledges samples, answers heartbeats, now and then asks PING and TIME.
local function reply(so, line)
  local seqNo = line:match("^S (%d+) ")
  if seqNo then return "ACK " .. seqNo .. "\n" end
  if line:match("^HB ") then
    so.hb = (so.hb or 0) + 1
    if so.hb % 10 == 0 then return "HB\nPING t" .. so.hb .. "\nTIME\n" end
    return "HB\n"
  end
end

local net = fake.installFakeSocket(device)
-- What was sent and the sockets made are the test bench's, not the firmware's heap.
net.record = false
net.onSend = function(so, data)
  if so.udp then return end
  so.pending = (so.pending or "") .. data
  local replies = {}
  for line in so.pending:gmatch("([^\n]*)\n") do
    local text = reply(so, line)
    if text then replies[#replies + 1] = text end
  end
  so.pending = so.pending:match("[^\n]*$")
  if #replies > 0 then so.deliver(table.concat(replies), 50) end
end

-- ---- measurements ----
local function runUntil(ms)
  local err = device.runFor(ms - device.now())
  if err ~= nil then return tostring(err) end
end

local base = heap()
if mode == "base" then
  print("FOOTPRINT base=" .. base)
elseif mode == "module" then
  local name = arg[4]
  if name ~= "sys" then
    sys = require("sys")
    base = heap()
  end
  local ok, err = pcall(require, name)
  if not ok then print("PROBLEM " .. tostring(err):gsub("\n", " ")) end
  print("FOOTPRINT module=" .. (heap() - base))
elseif mode == "run" then
  local bootMs, hourMs, hours = tonumber(arg[4]), tonumber(arg[5]), tonumber(arg[6])
  -- main.lua runs sys.run() at its end; the fake receive stops it when the time is up.
  device.limit(bootMs)
  local main, err = loadfile(dir .. "/main.lua")
  local problem
  if not main then problem = err
  else
    local ok, e = pcall(main)
    if not ok and e ~= fake.STOP then problem = tostring(e) end
    if ok then problem = "main.lua returned: it must end with sys.run()" end
  end
  if problem then
    print("PROBLEM " .. problem:gsub("\n", " "))
  else
    local out = { "FOOTPRINT boot=" .. (heap() - base) }
    for h = 1, hours do
      problem = runUntil(bootMs + h * hourMs)
      if problem then print("PROBLEM " .. problem:gsub("\n", " ")) break end
      out[#out + 1] = "hour" .. h .. "=" .. (heap() - base)
    end
    print(table.concat(out, " "))
  end
end
