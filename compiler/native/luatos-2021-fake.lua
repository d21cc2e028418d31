-- The 2021 LuatOS C layer's `rtos`, `log` and `socket`, emulated in native Lua 5.3 on
-- a virtual clock: the one emulation used both by the build's native heap
-- measurement (compiler/native/footprint.lua) and by the busted specs
-- (test/lua/fakes/luatos.d.ts declares it for TypeScript).
--
-- Nothing sleeps: rtos.receive jumps the clock to the next due timer or
-- C-side event (a socket callback, a firmware publish). device.runFor(ms)
-- drives sys.run() until the clock would pass now + ms, then stops it by
-- raising a private sentinel that it catches.
--
-- What the firmware does, in its own words (luat/modules/luat_lib_rtos.c):
-- timer_start returns 1, or 0 for ms < 1; a repeating timer counts down its
-- remaining repeats (-1 for ever); receive(timeout) returns -1 on timeout,
-- (1, id, remaining) for a timer message; log joins values with tabs after
-- `<level>/user.<tag>` (a tag alone prints alone, as luat_lib_log.c does).
local M = {}

-- Raised by receive to stop sys.run() when the time is up.
local STOP = setmetatable({}, { __tostring = function() return "time is up" end })
M.STOP = STOP

local function logLine(level, tag, ...)
  local n = select("#", ...)
  local parts = { level .. "/user." .. tostring(tag) }
  for i = 1, n do parts[#parts + 1] = tostring((select(i, ...))) end
  return table.concat(parts, "\t")
end

--- Creates a device and installs its `rtos` and `log` as globals (replacing
--- those of an earlier device). options.keepLogs = false drops log lines.
function M.createFakeDevice(options)
  local keepLogs = not (options and options.keepLogs == false)
  local clock, seq, limit, rebootCount = 0, 0, 0, 0
  local timers, events, logs = {}, {}, {}

  local function removeTimer(id)
    for i = 1, #timers do
      if timers[i].id == id then table.remove(timers, i) return end
    end
  end

  -- The earliest due timer or event; ties go to whichever was scheduled first.
  local function nextDue()
    local timer, event
    for _, t in ipairs(timers) do
      if timer == nil or t.due < timer.due or (t.due == timer.due and t.seq < timer.seq) then timer = t end
    end
    for _, e in ipairs(events) do
      if event == nil or e.due < event.due or (e.due == event.due and e.seq < event.seq) then event = e end
    end
    if timer and event then
      if event.due < timer.due or (event.due == timer.due and event.seq < timer.seq) then return nil, event end
      return timer, nil
    end
    return timer, event
  end

  rtos = {
    INF_TIMEOUT = -1, MSG_TIMER = 1,
    timer_start = function(id, ms, rep)
      if ms < 1 then return 0 end
      removeTimer(id)
      seq = seq + 1
      timers[#timers + 1] = { id = id, ms = ms, rep = rep or 0, due = clock + ms, seq = seq }
      return 1
    end,
    timer_stop = function(id) removeTimer(id) end,
    receive = function(timeout)
      local timer, event = nextDue()
      local due = (timer and timer.due) or (event and event.due)
      local untilMs = timeout < 0 and limit or math.min(limit, clock + timeout)
      if due == nil or due > untilMs then
        clock = untilMs
        if timeout < 0 or untilMs == limit then error(STOP, 0) end
        return -1
      end
      clock = due
      if event then
        for i = #events, 1, -1 do
          if events[i] == event then table.remove(events, i) end
        end
        event.fn()
        return
      end
      local remaining = timer.rep
      if remaining == 0 then removeTimer(timer.id)
      else
        if remaining > 0 then timer.rep = remaining - 1 end
        seq = seq + 1
        timer.due, timer.seq = clock + timer.ms, seq
      end
      return 1, timer.id, remaining
    end,
    reboot = function() rebootCount = rebootCount + 1 end,
    meminfo = function() return 40 * 1024, math.floor(collectgarbage("count") * 1024), 0 end,
    firmware = function() return "LuatOS_V0003_AIR640W" end,
    version = function() return "V0003" end,
    bsp = function() return "w60x" end, -- the Air640W (W600) port; image/boards.ts
    buildDate = function() return "2021-03-24" end,
  }

  local function record(level)
    return function(tag, ...)
      if not keepLogs then return end
      local line = logLine(level, tag, ...)
      if line ~= nil then logs[#logs + 1] = line end
    end
  end
  log = {
    LOG_SILENT = 0, LOG_DEBUG = 1, LOG_INFO = 2, LOG_WARN = 3, LOG_ERROR = 4,
    debug = record("D"), info = record("I"), warn = record("W"), error = record("E"),
    setLevel = function() end,
  }

  local device = { logs = logs }
  function device.now() return clock end
  function device.reboots() return rebootCount end
  function device.activeTimers()
    local ids = {}
    for _, t in ipairs(timers) do ids[#ids + 1] = t.id end
    return ids
  end
  -- A fresh copy of sys, as main.lua loads it (`_G.sys = require("sys")`).
  function device.loadSys()
    package.loaded.sys = nil
    sys_pub = nil
    sys = require("sys")
    return sys
  end
  -- Runs fn from inside rtos.receive (on the main thread, not in a task) delay ms from now.
  function device.at(delay, fn)
    seq = seq + 1
    events[#events + 1] = { due = clock + delay, seq = seq, fn = fn }
  end
  -- Sets the time limit without running: for code that calls sys.run() itself (main.lua).
  function device.limit(ms) limit = clock + ms end
  -- Runs sys.run() until the clock reaches now + ms; returns the error that left it, if any.
  function device.runFor(ms)
    limit = clock + ms
    local ok, err = pcall(sys.run)
    if not ok and err ~= STOP then return err end
    clock = limit
    return nil
  end
  return device
end

-- ---- socket: the 2021 netclient (luat/modules/luat_lib_socket.c) ----
--
-- so:start() returns 0 when the connection thread started, 1 for a host of
-- 32 bytes or more (or a second start), 2 when no host is known. The
-- connect result (1 or 0), received data (at most 1024 bytes per event) and
-- peer closes arrive as C-side events from inside rtos.receive, never in a
-- task; callbacks get the object's integer id. Whenever the connection ends
-- the firmware publishes "NETC_END_" .. so:id() once. so:send returns false
-- on a closed object and prints "socket is closed!!!".

--- Largest piece of data one recv event carries on the firmware.
M.RECV_CHUNK = 1024

--- Installs a fake `socket` global on a device's C layer (replacing an
--- earlier one); the object id counter starts at 1, like a fresh boot.
--- Returns the network, for the caller to script (plans per host, the
--- peer's replies through onSend) and inspect.
function M.installFakeSocket(device)
  local counter = 0
  local plans = {}
  local net = { ready = true, ip = "192.168.1.20", outOfMemory = false, ntpResult = 0, tsends = {}, sockets = {}, record = true, onSend = nil }
  local function publish(topic)
    if sys_pub ~= nil then sys_pub(topic) end
  end
  function net.last() return net.sockets[#net.sockets] end
  function net.plan(host, plan) plans[host] = plan end

  local function makeSocket(udp)
    -- The firmware never returns nil: lua_newuserdata raises the memory error.
    if net.outOfMemory then error("not enough memory") end
    counter = counter + 1
    local num = counter
    -- Without `record` (a heap measurement) the record keeps only what the emulation needs.
    local fake = { num = num, id = string.format("%x", num), udp = udp, closed = true, callbacks = {} }
    local record = net.record
    if record then
      fake.started, fake.connected, fake.cleaned, fake.closeCalls, fake.ends, fake.sent, fake.sendFlags = false, false, false, 0, 0, {}, {}
    end
    -- The connection thread ends: once, whatever the reason.
    local function finish()
      if fake.ended then return end
      fake.ended = true
      fake.closed = true
      device.at(0, function()
        if record then fake.ends = fake.ends + 1 end
        publish("NETC_END_" .. fake.id)
      end)
    end
    function fake.deliver(data, delayMs)
      device.at(delayMs or 0, function()
        if not fake.connected or fake.closed then return end
        for i = 1, #data, M.RECV_CHUNK do
          local recv = fake.callbacks.recv
          if recv ~= nil then recv(num, data:sub(i, i + M.RECV_CHUNK - 1)) end
        end
      end)
    end
    if record then
      function fake.peerClose(delayMs)
        device.at(delayMs or 0, function()
          if fake.closed then return end
          local onError = fake.callbacks.error
          if onError ~= nil then onError(num) end
          finish()
        end)
      end
      function fake.drop(delayMs)
        device.at(delayMs or 0, function()
          if not fake.closed then finish() end
        end)
      end
    end
    if net.record then net.sockets[#net.sockets + 1] = fake end

    local function start(host, port)
      if host ~= nil then fake.host = host end
      if port ~= nil then fake.port = port end
      if fake.host == nil or fake.host == "" then return 2 end
      if #fake.host >= 32 or fake.started then return 1 end
      if fake.port == nil then fake.port = 80 end
      local plan = plans[fake.host] or { result = "accept" }
      if plan.startResult ~= nil and plan.startResult ~= 0 then return plan.startResult end
      fake.started, fake.closed = true, false
      if plan.result == "silent" then return 0 end
      device.at(plan.delayMs or 20, function()
        if fake.closed then return end
        local accepted = plan.result == "accept"
        fake.connected = accepted
        local onConnect = fake.callbacks.connect
        if onConnect ~= nil then onConnect(num, accepted and 1 or 0) end
        if not accepted then finish() end
      end)
      return 0
    end

    local so = {}
    so.host = function(_, h) fake.host = h end
    so.port = function(_, p) fake.port = p end
    so.start = function(_, host, port) return start(host, port) end
    so.connect = so.start
    so.close = function()
      if record then fake.closeCalls = fake.closeCalls + 1 end
      if fake.started then finish() end
      fake.closed = true
    end
    so.send = function(_, data, flags)
      if fake.closed or #data == 0 then
        if fake.closed then print("socket is closed!!!") end
        return false
      end
      if record then
        fake.sent[#fake.sent + 1] = data
        fake.sendFlags[#fake.sent] = flags
      end
      if net.onSend ~= nil then net.onSend(fake, data) end
      return true
    end
    so.id = function() return fake.id end
    so.clean = function(self)
      if not fake.closed then so.close(self) end
      if record then fake.cleaned = true end
      fake.callbacks.connect, fake.callbacks.recv, fake.callbacks.error = nil, nil, nil
    end
    -- The firmware ignores any other event name.
    so.on = function(_, event, fn)
      if event == "connect" or event == "recv" or event == "error" then fake.callbacks[event] = fn end
    end
    so.closed = function()
      if fake.closed then return 1, false end
      return 0, true
    end
    so.rebind = function(_, sockid) fake.rebound = sockid return false end
    so.sockid = function() return fake.started and 100 + num or -1 end
    return setmetatable(so, { __tostring = function()
      return "netc[" .. num .. "] " .. (fake.host or "") .. "," .. (fake.port or 0) .. "," .. (udp and "UDP" or "TCP") .. " " .. (fake.closed and "Closed" or "Not-Closed")
    end })
  end

  socket = {
    isReady = function() return net.ready end,
    ip = function() return net.ip end,
    tcp = function() return makeSocket(false) end,
    udp = function() return makeSocket(true) end,
    ntpSync = function()
      if net.ntpResult == 0 then device.at(100, function() publish("NTP_UPDATE") end) end
      return net.ntpResult
    end,
    tsend = function(host, port, data)
      if net.record then net.tsends[#net.tsends + 1] = host .. ":" .. port .. " " .. data end
    end,
  }
  return net
end

return M
