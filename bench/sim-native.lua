-- The yardstick of bench/sim-vs-native.ts: a build folder's main.lua and
-- sys.lua on native Lua 5.3 over a minimal C layer written in Lua (rtos
-- timers and receive on a virtual clock, log.* through print like the
-- firmware, rtos.meminfo from collectgarbage). No network: for firmware
-- that only uses timers and logs, such as the heartbeat benchmark.
--
--   lua5.3 bench/sim-native.lua <luaDir> <deviceMs>
local dir, untilMs = arg[1], tonumber(arg[2])
package.path = dir .. "/?.lua"
package.cpath = ""

local clock, seq = 0, 0
local timers = {}   -- id -> { due, seq, ms, rep }
local STOP = {}

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
    local tid, t
    for k, v in pairs(timers) do
      if t == nil or v.due < t.due or (v.due == t.due and v.seq < t.seq) then tid, t = k, v end
    end
    local limit = timeout < 0 and untilMs or math.min(untilMs, clock + timeout)
    if t == nil or t.due > limit then
      clock = limit
      if timeout < 0 or limit == untilMs then error(STOP, 0) end
      return -1
    end
    clock = t.due
    local remaining = t.rep
    if remaining == 0 then timers[tid] = nil
    else
      if remaining > 0 then t.rep = remaining - 1 end
      seq = seq + 1
      t.due, t.seq = clock + t.ms, seq
    end
    return 1, tid, remaining
  end,
  reboot = function() error(STOP, 0) end,
  meminfo = function() local used = math.floor(collectgarbage("count") * 1024) return 64 * 1024, used, used end,
}

local function logger(letter)
  return function(tag, ...)
    if tag == nil then return end
    print(letter .. "/user." .. tostring(tag), ...)
  end
end
log = { LOG_SILENT = 0, LOG_DEBUG = 1, LOG_INFO = 2, LOG_WARN = 3, LOG_ERROR = 4,
  debug = logger("D"), info = logger("I"), warn = logger("W"), error = logger("E"), setLevel = function() end }
os.time = function() return clock // 1000 end

local main = assert(loadfile(dir .. "/main.lua"))
local ok, err = pcall(main)
if not ok and err ~= STOP then io.stderr:write(tostring(err), "\n") os.exit(1) end
