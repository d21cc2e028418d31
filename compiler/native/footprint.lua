-- Measures the Lua heap of a LuatOS build folder on native Lua 5.3, over a
-- fake C layer written in Lua: rtos timers on a virtual clock, log (lines
-- dropped), and the 2021 socket netclient with a scripted collector that
-- acknowledges every sample. Run by compiler/native-heap.ts:
--
--   lua5.3 footprint.lua <luaDir> base
--   lua5.3 footprint.lua <luaDir> module <name>
--   lua5.3 footprint.lua <luaDir> run <bootMs> <hourMs> <hours>
--
-- Prints one line `FOOTPRINT <key>=<bytes> ...` (and `PROBLEM <text>`).
local dir, mode = arg[1], arg[2]

local function heap()
  collectgarbage("collect")
  collectgarbage("collect")
  return math.floor(collectgarbage("count") * 1024)
end

-- ---- require from the build folder only, like the device's searcher ----
package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua"
package.cpath = ""

-- ---- the fake C layer ----
local clock, seq, limit = 0, 0, 0
local timers, events = {}, {}
local STOP = {}

local function at(delay, fn)
  seq = seq + 1
  events[#events + 1] = { due = clock + delay, seq = seq, fn = fn }
end

local function publish(topic, ...)
  if sys_pub then sys_pub(topic, ...) end
end

rtos = {
  INF_TIMEOUT = -1, MSG_TIMER = 1,
  timer_start = function(id, ms, rep)
    if ms < 1 then return 0 end
    seq = seq + 1
    timers[id] = { due = clock + ms, seq = seq, ms = ms, rep = rep or 0 }
    return 1
  end,
  timer_stop = function(id) timers[id] = nil end,
  receive = function(timeout)
    local tid, t, ei, e
    for k, v in pairs(timers) do
      if t == nil or v.due < t.due or (v.due == t.due and v.seq < t.seq) then tid, t = k, v end
    end
    for i, v in ipairs(events) do
      if e == nil or v.due < e.due or (v.due == e.due and v.seq < e.seq) then ei, e = i, v end
    end
    if e and t and (t.due < e.due or (t.due == e.due and t.seq < e.seq)) then e = nil end
    local due = (e and e.due) or (t and t.due)
    local untilMs = timeout < 0 and limit or math.min(limit, clock + timeout)
    if due == nil or due > untilMs then
      clock = untilMs
      if timeout < 0 or untilMs == limit then error(STOP, 0) end
      return -1
    end
    clock = due
    if e then
      table.remove(events, ei)
      e.fn()
      return
    end
    local remaining = t.rep
    if remaining == 0 then timers[tid] = nil
    else
      if remaining > 0 then t.rep = remaining - 1 end
      seq = seq + 1
      t.due, t.seq = clock + t.ms, seq
    end
    return 1, tid, remaining
  end,
  reboot = function() end,
  meminfo = function() return 40 * 1024, math.floor(collectgarbage("count") * 1024), 0 end,
  firmware = function() return "LuatOS_V0003_AIR640W" end,
  version = function() return "V0003" end,
  bsp = function() return "w60x" end,
  buildDate = function() return "2021-03-24" end,
}

local function drop() end
log = { LOG_SILENT = 0, LOG_DEBUG = 1, LOG_INFO = 2, LOG_WARN = 3, LOG_ERROR = 4,
  debug = drop, info = drop, warn = drop, error = drop, setLevel = drop }

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
  limit = ms
  local ok, err = pcall(sys.run)
  if not ok and err ~= STOP then return tostring(err) end
end

local base = heap()
if mode == "base" then
  print("FOOTPRINT base=" .. base)
elseif mode == "module" then
  local name = arg[3]
  if name ~= "sys" then
    sys = require("sys")
    base = heap()
  end
  local ok, err = pcall(require, name)
  if not ok then print("PROBLEM " .. tostring(err):gsub("\n", " ")) end
  print("FOOTPRINT module=" .. (heap() - base))
elseif mode == "run" then
  local bootMs, hourMs, hours = tonumber(arg[3]), tonumber(arg[4]), tonumber(arg[5])
  -- main.lua runs sys.run() at its end; the fake receive stops it when the time is up.
  limit = bootMs
  local main, err = loadfile(dir .. "/main.lua")
  local problem
  if not main then problem = err
  else
    local ok, e = pcall(main)
    if not ok and e ~= STOP then problem = tostring(e) end
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
