/**
 * The same programs on the simulator's VM and on native lua5.3, outputs
 * compared: the toolkit's sys driving timers and topics over a fake rtos
 * written in Lua, and the firmware's parsers compiled from src/.
 */
import { describe, expect, it } from "vitest";
import { compileStdlib } from "../../compiler/stdlib.js";
import { compileReferenceFirmware } from "./firmware.js";
import { requireNativeLua, runFengari, runNative, type LuaModules } from "./vms.js";

/** A fake C layer in Lua: rtos on a virtual clock (timer ties go to the earlier start), log printing lines. */
const FAKE_RTOS = `
local clock, seq, limit = 0, 0, 0
local timers = {}
STOP = setmetatable({}, { __tostring = function() return "STOP" end })
function now() return clock end
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
    local id, best
    for k, t in pairs(timers) do
      if best == nil or t.due < best.due or (t.due == best.due and t.seq < best.seq) then id, best = k, t end
    end
    local untilMs = timeout < 0 and limit or math.min(limit, clock + timeout)
    if best == nil or best.due > untilMs then
      clock = untilMs
      if timeout < 0 or untilMs == limit then error(STOP, 0) end
      return -1
    end
    clock = best.due
    local remaining = best.rep
    if remaining == 0 then timers[id] = nil
    else
      if remaining > 0 then best.rep = remaining - 1 end
      seq = seq + 1
      best.due, best.seq = clock + best.ms, seq
    end
    return 1, id, remaining
  end,
}
local function logger(level) return function(tag, ...) if select("#", ...) > 0 then print(level .. "/user." .. tostring(tag), ...) end end end
log = { info = logger("I"), warn = logger("W"), debug = logger("D"), error = logger("E") }
function runFor(ms)
  limit = clock + ms
  local ok, err = pcall(sys.run)
  if not ok and err ~= STOP then print("ERROR", err) end
  print("-- ran to", clock)
end
`;

const SYS_PROGRAM = `${FAKE_RTOS}
sys = require("sys")
local function note(...) print(now(), ...) end
sys.subscribe("TEMP", function(...) note("sub TEMP", ...) end)
sys.taskInit(function()
  note("task a start")
  sys.wait(100)
  note("task a woke")
  local r = table.pack(sys.waitUntil("TEMP", 500))
  note("task a waitUntil", r.n, table.unpack(r, 1, r.n))
  r = table.pack(sys.waitUntil("NEVER", 300))
  note("task a timeout", r.n, r[1])
  note("task a ext", sys.waitUntilExt({ "X", "Y" }, 1000))
  note("task a done")
end)
sys.taskInit(function(a, b)
  note("task b args", a, b)
  for i = 1, 3 do
    sys.wait(150)
    sys.publish("TEMP", i, i * 5, nil, "x" .. i)
  end
  sys.wait(50)
  sys.publish("Y", 2147483647, -7 // 2, "16777217")
end, "first", 2)
local loops = 0
local loopId = sys.timerLoopStart(function(tag) loops = loops + 1 note("loop", tag, loops) end, 400, "L")
sys.timerStart(function() note("stopping loop", type(sys.timerIsActive(loopId))) sys.timerStop(loopId) note("active", sys.timerIsActive(loopId)) end, 1900)
sys.timerStart(function(x, y) note("one shot", x, y) end, 250, "p", 7)
local short = sys.taskInit(function() sys.wait(10) note("short task ends") end)
note("published before run", pcall(sys.publish, "TEMP", "early"))
runFor(5000)
note("coroutine status", coroutine.status(short))
print(pcall(sys.wait, 10))
runFor(3600000)
`;

describe("sys on both VMs", () => {
    it("drives timers, waits and topics identically", ctx => {
        requireNativeLua(ctx);
        const modules: LuaModules = Object.fromEntries(compileStdlib().filter(f => f.name.endsWith(".lua")).map(f => [f.name, f.data]));
        const fengari = runFengari(SYS_PROGRAM, modules);
        const native = runNative(SYS_PROGRAM, modules);
        // The program really ran: tasks and timers show. (A task error is left out: tracebacks name
        // fengari's built-ins "[JS]" where C Lua says "[C]". Values are integers and strings: floats
        // print as the device prints them in the simulator, with %.14g natively.)
        expect(fengari).toContain("task a done");
        expect(fengari).toContain("stopping loop\tfunction");
        expect(fengari).toContain("coroutine status\tdead");
        expect(fengari).not.toMatch(/^ERROR/m);
        expect(native).toBe(fengari);
    });
});

/** Drives the firmware's line buffer, protocol, queue and backoff with a deterministic generator. */
const PARSERS_PROGRAM = `
local lb = require("lib.line-buffer")
local protocol = require("app.protocol")
local q = require("app.sample-queue")
local backoff = require("lib.backoff")
-- ZX81 generator: products stay far below 2^31, so both VMs draw the same numbers.
local x = 1
local function rand(n) x = (x * 75 + 74) % 65537 return x % n end
math.random = function(a, b) return a + rand(b - a + 1) end
local valid = { "ACK 1", "ACK 999999999", "ACK 1234567890", "HB", "PING tok-1", "TIME", "PING " .. string.rep("p", 40), "ACK -3", "ack 2", "" }
local stream = {}
for i = 1, 300 do
  local kind = rand(4)
  if kind == 0 then
    local bytes = {}
    for j = 1, rand(40) do bytes[j] = string.char(rand(256)) end
    stream[#stream + 1] = table.concat(bytes) .. "\\n"
  elseif kind == 1 then
    stream[#stream + 1] = string.rep("L", 200 + rand(200)) .. (rand(2) == 0 and "\\r\\n" or "\\n")
  else
    stream[#stream + 1] = valid[rand(#valid) + 1] .. (rand(3) == 0 and "\\r\\n" or "\\n")
  end
end
local data = table.concat(stream)
local buffer = lb.newLineBuffer(256)
local pos, counts = 1, {}
while pos <= #data do
  local n = 1 + rand(700)
  lb.pushData(buffer, data:sub(pos, pos + n - 1))
  pos = pos + n
  for line in function() return lb.nextLine(buffer) end do
    local kind, arg = protocol.parseCommand(line)
    counts[kind] = (counts[kind] or 0) + 1
    local seq = kind == "ack" and arg or nil
    print(kind, seq, kind == "ping" and arg or nil, kind == "invalid" and #arg or "", math.type(seq))
  end
end
print("overlong", buffer.overlong, "ack", counts.ack, "invalid", counts.invalid)
local queue = q.newSampleQueue(16)
for seq = 1, 100 do
  q.enqueue(queue, seq, 1700000000 + seq * 10, 20 + 5 * math.sin(seq / 10))
  if rand(5) == 0 then print("acked", q.acknowledge(queue, seq - rand(20))) end
end
for i = 0, queue.count - 1 do print(protocol.sampleLine(q.peek(queue, i))) end
print("dropped", queue.dropped, protocol.helloLine("node-1", "1.0.0", 1700000000), protocol.heartbeatLine(7))
for attempt = 0, 20 do print("backoff", attempt, backoff.backoffDelay(attempt, 1000, 60000)) end
`;

describe("the firmware's parsers on both VMs", () => {
    it("split, parse, queue and back off identically", ctx => {
        requireNativeLua(ctx);
        const firmware = compileReferenceFirmware();
        const modules: LuaModules = {};
        for (const name of ["lib/line-buffer.lua", "app/protocol.lua", "app/sample-queue.lua", "lib/backoff.lua"]) {
            expect(firmware[name], `${name} was not emitted`).toBeDefined();
            modules[name] = firmware[name]!;
        }
        const fengari = runFengari(PARSERS_PROGRAM, modules);
        const native = runNative(PARSERS_PROGRAM, modules);
        expect(fengari).toMatch(/^ack\t\d+\tnil\t\tinteger$/m);
        expect(fengari).toMatch(/^S \d+ 17000\d+ \d+\.\d\d$/m);
        expect(fengari).toMatch(/^overlong\t[1-9]\d*\tack\t[1-9]/m);
        expect(fengari).not.toMatch(/ERROR/);
        expect(native).toBe(fengari);
    });
});
