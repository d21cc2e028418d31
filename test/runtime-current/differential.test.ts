/**
 * The same small firmwares on the real current LuatOS (the PC build,
 * luatos-pc, run on a folder) and on the simulator with the host network:
 * their `I/user.` lines must be equal. Loopback servers started here on
 * ephemeral ports; each firmware gets the ports written into its main.lua
 * and ends with os.exit.
 *
 * luatos-pc is $LUATOS_PC or the shared binaries folder beside the
 * checkout; without it the tests skip (and fail under CI=true).
 */
import * as dgram from "node:dgram";
import * as net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootDevice } from "../../runtime/index.js";
import { current } from "../../runtime/firmware/current/index.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";
import { EVENT_NAMES, PC_BOARD, firmwareFolder, removeTemporaryFolders, userLines } from "./helpers.js";

interface Servers {
    tcp: number;
    bye: number;
    udp: number;
    refused: number;
    close(): Promise<void>;
}

const listen = (server: net.Server) =>
    new Promise<number>(resolve => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));

async function startServers(): Promise<Servers> {
    const sockets = new Set<net.Socket>();
    const track = (s: net.Socket) => {
        sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => sockets.delete(s));
    };
    const echo = net.createServer(s => {
        track(s);
        s.on("data", d => s.write(d));
        s.on("end", () => s.end());
    });
    const bye = net.createServer(s => {
        track(s);
        s.end("bye");
    });
    const gone = net.createServer();
    const udp = dgram.createSocket("udp4");
    udp.on("message", (m, r) => udp.send(m, r.port, r.address));
    const [tcpPort, byePort, refused] = [await listen(echo), await listen(bye), await listen(gone)];
    await new Promise<void>(resolve => gone.close(() => resolve()));
    const udpPort = await new Promise<number>(resolve => udp.bind(0, "127.0.0.1", () => resolve(udp.address().port)));
    return {
        tcp: tcpPort,
        bye: byePort,
        udp: udpPort,
        refused,
        async close() {
            for (const s of sockets) s.destroy();
            await Promise.all([new Promise(r => echo.close(r)), new Promise(r => bye.close(r)), new Promise<void>(r => udp.close(() => r()))]);
        },
    };
}

async function runSimulator(dir: string): Promise<string[]> {
    const device = bootDevice({ buildDir: dir, generation: current, board: PC_BOARD, network: "host", firmwareLogs: false, rebootOnCrash: false });
    try {
        const result = await device.run("15s", { until: { log: "[sim] os.exit" } });
        if (result.reason !== "log") throw new Error(`the simulator did not reach os.exit within 15 s:\n${device.logText()}`);
        return device.log.map(l => l.text);
    } finally {
        device.dispose();
    }
}

/** Lua: waits (polling every 10 ms, inside a task) until `cond()` holds or `ms` pass; conditions, not fixed sleeps, keep loaded machines in step. */
const WAIT_FOR = `local function waitFor(cond, ms)
  for _ = 1, ms // 10 do
    if cond() then return true end
    sys.wait(10)
  end
  return cond()
end
`;

/** Firmwares: `__TCP__`, `__BYE__`, `__UDP__`, `__REFUSED__` become the servers' ports. Each ends with os.exit. */
const CASES: Record<string, string | { main: string; files: Record<string, string> }> = {
    "a build's own sys.lua replaces the built-in sys": {
        main: `local s = require("sys")
log.info("mine", s.mine, s == sys, sysplus == sys, type(sys_send))
log.info("done")
os.exit(0)
`,
        files: { "sys.lua": `log.info("user sys", "loaded")\nreturn { mine = true }\n` },
    },
    "TCP with a callback: states, connect twice, one tx, rx with a limit, read, wait, discon, release": `${EVENT_NAMES}${WAIT_FOR}
sys.taskInit(function()
  local ctrl
  local seen = {}
  local discon, closedCb = false, nil
  ctrl = socket.create(nil, function(c, ev, p)
    if ev == socket.TX_OK or ev == socket.EVENT then
      -- TX_OK and the echo's EVENT race on the real firmware: recorded, logged sorted.
      seen[#seen + 1] = names[ev] .. " " .. p
    elseif discon then
      -- After discon, CLOSED races the task's polling of the state: recorded, logged after a pause.
      closedCb = names[ev] .. " " .. p .. " " .. socket.state(c)
    else
      log.info("cb", names[ev], p, type(c), c == ctrl, (socket.state(c)))
    end
    sys.publish("SOCK")
  end)
  log.info("state0", socket.state(ctrl))
  log.info("config", socket.config(ctrl))
  log.info("connect", socket.connect(ctrl, "127.0.0.1", __TCP__))
  log.info("state1", socket.state(ctrl))
  log.info("again", socket.connect(ctrl, "127.0.0.1", __TCP__))
  sys.waitUntil("SOCK", 2000)
  log.info("empty", socket.rx(ctrl))
  log.info("read empty", socket.read(ctrl))
  log.info("tx", socket.tx(ctrl, "hello world"))
  waitFor(function() return #seen >= 2 end, 3000)
  table.sort(seen)
  log.info("events", table.concat(seen, ", "))
  log.info("pending", socket.rx(ctrl))
  local buf = zbuff.create(4)
  log.info("rx4", socket.rx(ctrl, buf, 0, 4))
  log.info("buf", buf:used(), buf:len(), buf:toStr(0, buf:used()))
  log.info("read", socket.read(ctrl))
  log.info("wait", socket.wait(ctrl))
  log.info("tx empty", socket.tx(ctrl, ""))
  log.info("remote", socket.remoteIP(ctrl))
  discon = true
  log.info("discon", socket.discon(ctrl))
  log.info("state3", socket.state(ctrl))
  waitFor(function() return socket.state(ctrl) == 1 end, 3000)
  log.info("state4", socket.state(ctrl))
  sys.wait(300)
  log.info("after discon", closedCb)
  log.info("tx closed", (socket.tx(ctrl, "x")))
  log.info("rx closed", socket.rx(ctrl))
  log.info("read closed", socket.read(ctrl))
  socket.release(ctrl)
  log.info("released", select("#", socket.tx(ctrl, "x")), select("#", socket.state(ctrl)))
  log.info("done")
  os.exit(0)
end)
sys.run()
`,
    "task-name ctrl: refused port, reconnect rules, peer close, DNS failure, waitMsg": `${EVENT_NAMES}
sys.taskInitEx(function()
  local ctrl = socket.create(nil, "t1")
  socket.config(ctrl)
  log.info("connect", socket.connect(ctrl, "127.0.0.1", __REFUSED__))
  local m = sys.waitMsg("t1", socket.ON_LINE, 2000)
  log.info("refused", names[m[1]], m[2], #m, socket.state(ctrl))
  log.info("reconnect", socket.connect(ctrl, "127.0.0.1", __TCP__))
  socket.close(ctrl)
  log.info("after close", socket.state(ctrl))
  log.info("reconnect2", socket.connect(ctrl, "127.0.0.1", __BYE__))
  m = sys.waitMsg("t1", socket.ON_LINE, 2000)
  log.info("bye online", names[m[1]], m[2])
  m = sys.waitMsg("t1", nil, 2000)
  log.info("bye ev1", names[m[1]], m[2])
  m = sys.waitMsg("t1", nil, 1000)
  log.info("bye ev2", m and names[m[1]], m and m[2])
  log.info("bye read", socket.read(ctrl))
  log.info("bye read2", socket.read(ctrl))
  log.info("bye state", socket.state(ctrl))
  log.info("timeout", sys.waitMsg("t1", socket.EVENT, 100))
  log.info("unknown", sys_send("nobody", 1), sys.waitMsg("nobody"))
  socket.release(ctrl)
  local d = socket.create(nil, "t1")
  socket.config(d)
  log.info("dns", socket.connect(d, "nonexistent.invalid", 80))
  m = sys.waitMsg("t1", socket.ON_LINE, 5000)
  log.info("dns fail", names[m[1]], m[2], socket.state(d))
  log.info("remote", socket.remoteIP(d))
  log.info("done")
  os.exit(0)
end, "t1", function(msg) log.info("other", names[msg[1]], msg[2]) end)
sys.run()
`,
    "UDP without config, zbuff tx, binary peer address, and NWCTRL* for a ctrl without callback": `${EVENT_NAMES}${WAIT_FOR}
sys.subscribe("NWCTRL*", function(a, id, ev, p) log.info("nwctrl", a, math.type(id), names[ev], p) sys.publish("N") end)
sys.taskInit(function()
  local seen = {}
  local function flush(what)
    table.sort(seen)
    log.info(what, table.concat(seen, ", "))
    seen = {}
  end
  -- TX_OK and the answer's EVENT race on the real firmware: recorded, logged sorted.
  local u = socket.create(nil, function(_, ev, p) seen[#seen + 1] = names[ev] .. " " .. p sys.publish("U") end)
  log.info("udp connect", socket.connect(u, "127.0.0.1", __UDP__))
  sys.waitUntil("U", 1000)
  flush("udp online")
  log.info("udp tx", socket.tx(u, "ping1"))
  waitFor(function() return #seen >= 2 end, 3000)
  flush("udp events")
  log.info("udp tx", socket.tx(u, zbuff.create(8, "ping22")))
  waitFor(function() return #seen >= 2 end, 3000)
  flush("udp events")
  log.info("udp pending", socket.rx(u))
  local ok, data, ip, port = socket.read(u)
  log.info("udp read", ok, data, #ip, string.format("%d.%d.%d.%d.%d", ip:byte(1, 5)), port == __UDP__)
  local b = zbuff.create(2)
  local ok2, n, ip2, port2 = socket.rx(u, b, 0, 4)
  log.info("udp rx", ok2, n, #ip2, port2 == __UDP__, b:len(), b:toStr(0, b:used()))
  log.info("udp more", socket.rx(u))
  log.info("udp discon", socket.discon(u))
  log.info("udp state", socket.state(u))
  local plain = socket.create()
  socket.config(plain)
  socket.connect(plain, "127.0.0.1", __TCP__)
  sys.waitUntil("N", 1000)
  log.info("done")
  os.exit(0)
end)
sys.run()
`,
    "unread data repeats EVENT 0 when a TX_OK is not yet complete": `${EVENT_NAMES}${WAIT_FOR}
local seen = {}
local ctrl = socket.create(nil, function(_, ev, p) seen[#seen + 1] = names[ev] .. " " .. p sys.publish("S") end)
socket.config(ctrl)
socket.connect(ctrl, "127.0.0.1", __TCP__)
sys.taskInit(function()
  sys.waitUntil("S", 1000)
  log.info("online", seen[1])
  seen = {}
  socket.tx(ctrl, "hi")
  waitFor(function() return #seen >= 2 end, 3000)
  table.sort(seen)
  log.info("first", table.concat(seen, ", "))
  log.info("unread", socket.rx(ctrl))
  seen = {}
  socket.tx(ctrl, "a")
  socket.tx(ctrl, "b")
  -- The echo can be buffered before any event reached Lua: wait for both.
  local txAt
  waitFor(function()
    for i, e in ipairs(seen) do if e == "TX_OK 0" then txAt = txAt or i end end
    return txAt ~= nil and select(2, socket.rx(ctrl)) == 4
  end, 3000)
  -- The first TX_OK completes only half of what was sent: with data unread that reports EVENT 0 before the TX_OK.
  log.info("repeat", seen[1], txAt ~= nil and txAt > 1)
  log.info("read", socket.read(ctrl))
  log.info("done")
  os.exit(0)
end)
sys.run()
`,
    "a host name: WAIT_DNS, remoteIP after the lookup, a number as task name, tx of a number": `${EVENT_NAMES}
sys.taskInitEx(function()
  local ctrl = socket.create(nil, 77)
  socket.config(ctrl)
  log.info("connect", socket.connect(ctrl, "localhost", __TCP__), socket.state(ctrl))
  local m = sys.waitMsg("77", socket.ON_LINE, 2000)
  log.info("online", m and names[m[1]], m and m[2])
  log.info("remote", socket.remoteIP(ctrl))
  log.info("tx number", socket.tx(ctrl, 12345))
  m = sys.waitMsg("77", socket.EVENT, 2000)
  sys.wait(100)
  log.info("echo", socket.read(ctrl))
  socket.close(ctrl)
  log.info("remote after close", socket.remoteIP(ctrl))
  log.info("done")
  os.exit(0)
end, "77", function(msg) if msg[1] ~= socket.TX_OK then log.info("other", names[msg[1]], msg[2]) end end)
sys.run()
`,
    "sys: wait, waitUntil, timers, subscription, taskInitEx/waitMsg; log and print formats": `
log.info("tag", 1, "a", true, nil)
log.info("one")
log.info(nil, 1)
log.info(12, 3)
log.info("same", sys == require("sys"), sysplus == sys, type(sys_send), type(sys_wait))
log.info("meminfo", select("#", rtos.meminfo()), math.type((rtos.meminfo())))
local function a(x) log.info("a", x) end
sys.subscribe("T", a)
sys.publish("T", 1)
sys.subscribe("N", function(...) log.info("nils", select("#", ...), ...) end)
sys.publish("N", 1, nil)
sys.publish("N", nil, 2)
sys.taskInitEx(function()
  local m = sys.waitMsg("worker", "GO", 1000)
  log.info("got", m[1], m[2], m[3])
  log.info("msg timeout", sys.waitMsg("worker", "GO", 20))
end, "worker", function(msg) log.info("other", msg[1], msg[2]) end)
sys.taskInit(function(x, y)
  log.info("args", x, y)
  log.info("wait", select("#", sys.wait(10)))
  sys_send("worker", "NOISE", 7)
  sys_send("worker", "GO", 1, 2)
  log.info("timeout", sys.waitUntil("NOPE", 400))
  sys.timerStart(sys.publish, 10, "P", 1, 2)
  log.info("published", sys.waitUntil("P", 200))
  sys.timerStart(sys.publish, 10, "X", "v")
  log.info("ext", sys.waitUntilExt("X", 200))
  log.info("wait 0", select("#", sys.wait(0)))
  sys.timerStart(log.info, 30, "timer", "args", 2)
  sys.wait(100)
  log.info("done")
  os.exit(0)
end, "x", "y")
sys.run()
`,
    "zbuff: cursor, toStr, query, del, copy, resize, pack/unpack, typed access": `
local b = zbuff.create(8)
log.info("new", #b, b:len(), b:used(), b[0], b[8])
log.info("write", b:write(1, 2, 3), b:write("ab"), b:used(), b:toStr(0, b:used()):byte(1, -1))
log.info("over", b:write("xyzw"), b:used(), b:write(9))
b[0] = 0x41
log.info("index", b[0], b:get(1))
log.info("seek", b:seek(2), b:seek(1, zbuff.SEEK_CUR), b:seek(-2, zbuff.SEEK_END), b:seek(-100))
log.info("read", b:read(2):byte(1, -1))
log.info("read past", #b:read(100), b:used(), #b:read(1))
local c = zbuff.create(16, "hello world")
log.info("prefill", c:used(), c:query(), c:query(-5), c:query(6, 100))
c:del(0, 6)
log.info("del", c:used(), c:query())
c:del(-2)
log.info("del tail", c:used(), c:query())
log.info("copy", c:copy(nil, "!"), c:copy(0, 0x77, 0x6f), c:query(), c:len())
log.info("copy grows", c:copy(nil, string.rep("x", 20)), c:len(), c:used())
c:resize(4)
log.info("resize", c:len(), c:used(), c:toStr())
local f = zbuff.create(4, 0x31)
log.info("fill", f:toStr(), f:used(), f:used(10), f:used(2))
f:clear(0x32)
f:set(1, 0x33, 2)
log.info("set", f:toStr(), f:isEqual(0, zbuff.create(4, "2332"), 0, 4))
log.info("create 0", zbuff.create(0))
local p = zbuff.create(32)
log.info("pack", p:pack(">IHbA", 0x01020304, 0xfffe, 7, "xy"), p:used())
log.info("query", p:query(0, 4, true), p:query(4, 2, true, true), p:query(4, 2, true), p:query(0, 2, false))
p:seek(0)
log.info("unpack", p:unpack(">IHbA2"))
log.info("unpack past end", p:unpack("A40"))
p:seek(0)
log.info("little", p:pack("<hi", -2, -3), p:toStr(0, 6):byte(1, -1))
p:seek(0)
log.info("unpack little", p:unpack("<hi"))
p:seek(0)
log.info("writeU16", p:writeU16(0x1234), p:writeI8(-1), p:writeU32(0xffffffff), p:used())
p:seek(0)
log.info("readers", p:readU16(), p:readI8(), p:readU32(), p:readU8())
p:seek(30)
log.info("no room", p:writeU32(1), p:readU32())
log.info("done")
os.exit(0)
`,
    "zbuff: an initial string, index access, seek modes, typed read/write, out of range, clear, set, a full write, a frame buffer": `
local b = zbuff.create(16, "hello")
log.info("z1", b:len(), b:used(), b[0], b[4], b[5])
b[1] = 65
log.info("z2", b:toStr(0, 5), b:query(0, 5))
b:seek(0, zbuff.SEEK_SET)
log.info("z3", b:used(), b:write("abc"), b:used(), b:seek(2, zbuff.SEEK_CUR), b:seek(-1, zbuff.SEEK_END))
b:seek(0)
log.info("z4", b:read(3), b:used())
local c = zbuff.create(8)
log.info("z5", c:writeI8(-1), c:writeU16(513), c:writeI32(-2), c:used())
c:seek(0)
log.info("z6", c:readI8(), c:readU16(), c:readI32(), c:used())
log.info("z7", pcall(function() return c[100] end))
log.info("z8", c:isEqual(0, c, 0, 4), c:len())
c:clear(0x55)
log.info("z9", c.toHex and c:toHex() or "nohex", c[0], c[7])
local d = zbuff.create(4)
log.info("z10", d:write("abcdefgh"), d:used(), d:len())
log.info("z11", d:set(0, 0x31, 2), d:toStr(0, 4))
log.info("z12", tostring(d):sub(1, 5), type(d))
local e = zbuff.create({4, 4, 8})
log.info("z13", e and e:len(), e and e:used())
log.info("done")
os.exit(0)
`,
    "sys: loop timer, timerIsActive, waitUntil timeout, publish with a nil, timerStopAll, waitMsg, sendMsg to a deleted task, a doubled subscription": `
local n = 0
local id = sys.timerLoopStart(function() n = n + 1 end, 50)
log.info("s1", type(id), type(sys.timerIsActive(id)))
sys.taskInit(function()
  sys.wait(75)
  log.info("s2", n > 0)
  sys.timerStop(id)
  log.info("s3", sys.timerIsActive(id))
  local r1, r2 = sys.waitUntil("NOPE", 30)
  log.info("s4", r1, r2)
  sys.publish("T", 1, nil, 3)
  local a, b, c, d = sys.waitUntil("T", 10)
  log.info("s5", a, b, c, d)
  local t1 = sys.timerStart(function() log.info("never") end, 1000)
  local t2 = sys.timerStart(function() log.info("never2") end, 1000)
  sys.timerStopAll()
  log.info("s6", type(sys.timerIsActive(t1)), type(sys.timerIsActive(t2)))
  sys.taskInitEx(function() local m = sys.waitMsg("E", nil, 50) log.info("s7", m and #m, m and m[1]) end, "E")
  sys.sendMsg("E", "x", 2)
  sys.wait(100)
  log.info("s8", sys.sendMsg("NOTASK", 1), sys.cleanMsg("E"))
  sys.taskDel("E")
  log.info("s9", sys.sendMsg("E", 1))
  local f = function(...) log.info("s10", ...) end
  sys.subscribe("U", f)
  sys.subscribe("U", f)
  sys.publish("U", "once?")
  sys.wait(10)
  sys.unsubscribe("U", f)
  sys.publish("U", "gone")
  sys.wait(10)
  log.info("done")
  os.exit(0)
end)
sys.run()
`,
    "socket at boot: default adapter, states of a fresh ctrl, tx/rx/close unconnected, calls after release, a bad adapter": `
log.info("k1", socket.dft(), socket.adapter(socket.dft()))
local c = socket.create(nil, function() end)
log.info("k2", socket.state(c))
log.info("k3", socket.config(c, nil, true), socket.state(c))
local ok, full, done = socket.tx(c, "x")
log.info("k4", ok, full, done)
local b = zbuff.create(16)
log.info("k5", socket.rx(c, b), b:used())
log.info("k6", socket.close(c), socket.state(c))
socket.release(c)
log.info("k7", select("#", socket.state(c)), select("#", socket.tx(c, "x")), select("#", socket.close(c)))
log.info("k8", socket.create(99) == nil, type(socket.create(nil, 5)))
log.info("done")
os.exit(0)
`,
};

describe("current firmware: simulator (host network) against luatos-pc", () => {
    let servers: Servers;
    beforeAll(async () => {
        servers = await startServers();
    });
    afterAll(async () => {
        await servers.close();
        removeTemporaryFolders();
    });

    for (const [name, template] of Object.entries(CASES)) {
        it(name, async ctx => {
            const binary = requireReferenceBinary(ctx, "luatos-pc", "differential tests of the current firmware");
            const { main: text, files } = typeof template === "string" ? { main: template, files: {} } : template;
            const main = text
                .replaceAll("__TCP__", String(servers.tcp))
                .replaceAll("__BYE__", String(servers.bye))
                .replaceAll("__UDP__", String(servers.udp))
                .replaceAll("__REFUSED__", String(servers.refused));
            const dir = firmwareFolder(main, files);
            const expected = userLines((await runLuatosPc(binary, { folder: dir }, { limitMs: 20_000 })).lines);
            expect(expected[expected.length - 1], "luatos-pc ran the firmware to its end").toBe("I/user.done");
            const actual = userLines(await runSimulator(dir));
            expect(actual).toEqual(expected);
        }, 60_000);
    }
});
