-- Measures the Lua heap of a LuatOS build folder on native Lua 5.3, over
-- the emulated 2021 C layer (luatos-2021-fake.lua beside this file: rtos
-- timers on a virtual clock, log with lines dropped) and the 2021 socket
-- netclient with a scripted collector that acknowledges every sample.
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
local at = device.at

local function publish(topic, ...)
  if sys_pub then sys_pub(topic, ...) end
end

-- The collector: acknowledges samples, answers heartbeats, now and then asks PING and TIME.
local function collector(so, line)
  local seqNo = line:match("^S (%d+) ")
  if seqNo then return "ACK " .. seqNo .. "\n" end
  if line:match("^HB ") then
    so.hb = (so.hb or 0) + 1
    if so.hb % 10 == 0 then return "HB\nPING t" .. so.hb .. "\nTIME\n" end
    return "HB\n"
  end
end

local counter = 0
local function netclient(udp)
  counter = counter + 1
  local num = counter
  local so = { num = num, closed = true, started = false, cb = {}, pending = "" }
  local obj = {}
  local function finish()
    if so.ended then return end
    so.ended, so.closed = true, true
    at(0, function() publish("NETC_END_" .. string.format("%x", num)) end)
  end
  local function start(self, host, port)
    if host then so.host = host end
    if port then so.port = port end
    if so.host == nil or so.host == "" then return 2 end
    if #so.host >= 32 or so.started then return 1 end
    so.started, so.closed = true, false
    at(20, function()
      if so.closed then return end
      so.connected = true
      if so.cb.connect then so.cb.connect(num, 1) end
    end)
    return 0
  end
  obj.host = function(self, h) so.host = h end
  obj.port = function(self, p) so.port = p end
  obj.start, obj.connect = start, start
  obj.close = function(self) if so.started then finish() end so.closed = true end
  obj.clean = function(self) if not so.closed then obj.close(self) end so.cb = {} end
  obj.id = function(self) return string.format("%x", num) end
  obj.on = function(self, event, fn)
    if event == "connect" or event == "recv" or event == "error" then so.cb[event] = fn end
  end
  obj.closed = function(self) if so.closed then return 1, false end return 0, true end
  obj.rebind = function() return false end
  obj.sockid = function() return so.started and num or -1 end
  obj.send = function(self, data)
    if so.closed then return false end
    if #data == 0 then return false end
    if udp then return true end
    so.pending = so.pending .. data
    local replies = {}
    for line in so.pending:gmatch("([^\n]*)\n") do
      local reply = collector(so, line)
      if reply then replies[#replies + 1] = reply end
    end
    so.pending = so.pending:match("[^\n]*$")
    if #replies > 0 then
      local text = table.concat(replies)
      at(50, function()
        if not so.closed and so.cb.recv then so.cb.recv(num, text) end
      end)
    end
    return true
  end
  return setmetatable(obj, { __tostring = function()
    return "netc[" .. num .. "] " .. tostring(so.host) .. "," .. tostring(so.port) .. (udp and ",UDP " or ",TCP ") .. (so.closed and "Closed" or "Not-Closed")
  end })
end

socket = {
  isReady = function() return true end,
  ip = function() return "192.168.1.20" end,
  tcp = function() return netclient(false) end,
  udp = function() return netclient(true) end,
  ntpSync = function() at(100, function() publish("NTP_UPDATE") end) return 0 end,
  tsend = function() end,
}

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
