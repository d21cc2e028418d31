-- The 2021 LuatOS C layer's `rtos` and `log`, emulated in native Lua 5.3 on
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
-- (1, id, remaining) for a timer message; log prints nothing for fewer than
-- two arguments and joins values with tabs after `<level>/user.<tag>`.
local M = {}

-- Raised by receive to stop sys.run() when the time is up.
local STOP = setmetatable({}, { __tostring = function() return "time is up" end })
M.STOP = STOP

local function logLine(level, tag, ...)
  local n = select("#", ...)
  if n == 0 then return nil end
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
    bsp = function() return "AIR640W" end,
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

return M
