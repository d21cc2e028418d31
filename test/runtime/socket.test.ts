import { afterAll, describe, expect, it } from "vitest";
import type { SimulatedDevice } from "../../runtime/index.js";
import { deviceFor, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

function echoServer(device: SimulatedDevice, host = "echo.test", port = 7, extra?: Uint8Array): void {
    const net = device.virtualNetwork!;
    net.dns.set(host, "10.0.0.7");
    net.listenTcp(host, port, conn => {
        conn.onData(data => {
            conn.send(data);
            if (extra) conn.send(extra);
            conn.close();
        });
    });
}

describe("socket (2021 netclient)", () => {
    it("connects, calls callbacks with integer ids on the main thread, splits recv at 1024 and publishes NETC_END_<id>", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                local so = socket.tcp()
                log.info("pre", tostring(so), so:sockid(), so:send("x"))
                so:host("echo.test") so:port(7)
                so:on("connect", function(id, r) log.info("connect", id, r, math.type(id), coroutine.isyieldable()) end)
                so:on("recv", function(id, data) log.info("recv", id, #data) end)
                so:on("error", function(id, extra) log.info("error", id, extra) end)
                so:on("close", function() log.info("never", 1) end)
                log.info("start", so:start(), so:id(), tostring(so))
                log.info("send", so:send("hello"), so:send(""))
                log.info("end", sys.waitUntil("NETC_END_" .. so:id(), 10000), tostring(so), so:closed())
                log.info("late", so:send("late"), so:sockid())
                so:clean()
            end)
        `);
        echoServer(device, "echo.test", 7, new Uint8Array(2500));
        await device.run("20s");
        expect(userLines(device)).toEqual([
            "I/user.pre\tnetc[1] _,0,TCP Not-Closed\t-1\tfalse",
            "I/user.start\t0\t1\tnetc[1] echo.test,7,TCP Not-Closed",
            "I/user.send\ttrue\tfalse",
            "I/user.connect\t1\t1\tinteger\tfalse",
            "I/user.recv\t1\t5",
            "I/user.recv\t1\t1024",
            "I/user.recv\t1\t1024",
            "I/user.recv\t1\t452",
            "I/user.error\t1\tnil",
            "I/user.end\ttrue\tnetc[1] echo.test,7,TCP Closed\t1\tfalse",
            "I/user.late\tfalse\t-1",
        ]);
        const [conn] = device.connections;
        expect(new TextDecoder().decode(conn!.sent)).toBe("hello");
        expect(conn!.received.length).toBe(2505);
        expect(conn!.closeReason).toBe("peer-close");
        expect(device.unreleasedSockets()).toEqual([]);
        expect(device.publications.map(p => [p.topic, p.args.length])).toContainEqual(["NETC_END_1", 0]);
        device.dispose();
    });

    it("logs 'socket is closed!!!' from the firmware when sending on a closed socket", async () => {
        const device = deviceFor(`local so = socket.tcp() log.info("send", so:send("x"))`, { firmwareLogs: true });
        await device.run("1s");
        expect(device.logText()).toContain("W/luat.netc netc[1] socket is closed!!!\nI/user.send\tfalse");
        device.dispose();
    });

    it("start() returns 2 without host/port, 1 for a 32-byte host; port defaults to 80; ids are hex", async () => {
        const device = deviceFor(`
            local a = socket.tcp()
            log.info("a", a:start(), a:start(string.rep("h", 32)), a:closed())
            for i = 2, 10 do socket.udp() end
            local b = socket.udp()
            log.info("b", b:id(), b:start("x.test"), tostring(b), b:rebind(3))
            b:clean() a:clean()
        `);
        await device.run("10s");
        const lines = userLines(device);
        expect(lines[0]).toBe("I/user.a\t2\t1\t0\ttrue");
        expect(lines[1]).toBe("I/user.b\tb\t0\tnetc[11] x.test,80,UDP Not-Closed\tfalse");
        expect(device.unreleasedSockets().map(s => s.id)).toEqual(["2", "3", "4", "5", "6", "7", "8", "9", "a"]);
        device.dispose();
    });

    it("fails DNS once, retries 2 s later, then reports connect 0 and ends", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                local so = socket.tcp()
                so:on("connect", function(id, r) log.info("connect", r, os.time()) end)
                so:start("nowhere.test", 1234)
                sys.waitUntil("NETC_END_" .. so:id())
                log.info("ended", os.time())
                so:clean()
            end)
        `, { firmwareLogs: true });
        await device.run("10s");
        const text = device.logText();
        expect(text).toContain("dns name relove fail, retry at 2000ms");
        expect(text).toContain("dns name relove fail again, quit");
        expect(userLines(device).filter(l => l.startsWith("I/user."))).toEqual(["I/user.connect\t0\t2", "I/user.ended\t2"]);
        device.dispose();
    });

    it("buffers data sent before the connect and forwards it when connected", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                local so = socket.tcp()
                so:start("echo.test", 7)
                log.info("queued", so:send("ab"), so:send("cd"))
                sys.waitUntil("NETC_END_" .. so:id(), 5000)
                so:clean()
            end)
        `);
        echoServer(device);
        await device.run("10s");
        expect(userLines(device)[0]).toBe("I/user.queued\ttrue\ttrue");
        expect(device.connections[0]!.sentChunks.map(c => new TextDecoder().decode(c))).toEqual(["abcd"]);
        device.dispose();
    });

    it("isReady and ip follow the network interface", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                log.info("up", socket.isReady(), socket.ip())
                sys.wait(2000)
                log.info("down", socket.isReady(), socket.ip())
            end)
        `);
        await device.run("1s");
        device.virtualNetwork!.setInterfaceUp(false);
        await device.run("2s");
        expect(userLines(device)).toEqual(["I/user.up\ttrue\t192.168.1.100", "I/user.down\tfalse"]);
        device.dispose();
    });

    it("ntpSync returns 0, publishes NTP_UPDATE without arguments and sets os.time", async () => {
        const device = deviceFor(`
            sys.subscribe("NTP_UPDATE", function(...) log.info("ntp", select("#", ...), os.date("%Y-%m-%d")) end)
            log.info("sync", socket.ntpSync())
        `);
        await device.run("10s");
        expect(userLines(device)).toEqual(["I/user.sync\t0", "I/user.ntp\t0\t2021-03-24"]);
        device.dispose();
    });

    it("a successful ntpSync sets the clock to UTC+8 (netutils' time zone on the Air640W)", async () => {
        const device = deviceFor(`
            sys.subscribe("NTP_UPDATE", function() log.info("clock", os.time(), os.date("!%Y-%m-%d %H:%M")) end)
            socket.ntpSync("ntp.test")
        `);
        const net = device.virtualNetwork!;
        await device.run("10s");
        const query = net.ntpQueries[0]!;
        const line = userLines(device).find(l => l.startsWith("I/user.clock"))!;
        const [, seconds] = line.split("\t");
        // The device clock reads the server's UTC answer plus 8 hours (give or take the answer's travel).
        expect(Number(seconds) - Math.floor(query.epochMs! / 1000)).toBeGreaterThanOrEqual(8 * 3600);
        expect(Number(seconds) - Math.floor(query.epochMs! / 1000)).toBeLessThanOrEqual(8 * 3600 + 1);
        device.dispose();
    });

    it("tsend blocks the Lua thread while it connects, sends and closes", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                local before = os.clock()
                socket.tsend("echo.test", 7, "once")
                log.info("after", os.clock() > before)
            end)
        `);
        const net = device.virtualNetwork!;
        net.dns.set("echo.test", "10.0.0.7");
        const got: string[] = [];
        net.listenTcp("echo.test", 7, conn => conn.onData(d => got.push(new TextDecoder().decode(d))));
        await device.run("5s");
        expect(userLines(device)).toEqual(["I/user.after\ttrue"]);
        expect(got.join("")).toBe("once");
        device.dispose();
    });

    it("is deterministic: the same firmware, seed and network give the same log byte for byte", async () => {
        const body = `
            sys.taskInit(function()
                for i = 1, 5 do
                    local so = socket.tcp()
                    so:on("recv", function(id, data) log.info("recv", id, #data, os.clock()) end)
                    so:start("echo.test", 7)
                    so:send(string.rep("x", i * 300))
                    sys.waitUntil("NETC_END_" .. so:id(), 5000)
                    so:clean()
                end
            end)`;
        const logs: string[] = [];
        for (let i = 0; i < 2; i += 1) {
            const device = deviceFor(body, { seed: 42, firmwareLogs: true });
            device.virtualNetwork!.jitterMs = 25;
            echoServer(device);
            await device.run("1m");
            logs.push(device.log.map(l => `${l.timeMs} ${l.text}`).join("\n"));
            device.dispose();
        }
        expect(logs[0]).toContain("I/user.recv\t5\t");
        expect(logs[0]).toBe(logs[1]);
    });
});

describe("socket: what the 2021 C code does that the conformance corpus cannot show", () => {
    it("a failed connect keeps its socket and pipe (3 of 16 descriptors): the sixth start returns 1", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                for i = 1, 7 do
                    local so = socket.tcp()
                    local r = so:start("10.0.0.9", 1)
                    if r == 0 then sys.waitUntil("NETC_END_" .. so:id(), 5000) end
                    log.info("start", i, r, so:sockid())
                end
            end)
        `);
        await device.run("30s");
        expect(userLines(device)).toEqual([
            "I/user.start\t1\t0\t5",
            "I/user.start\t2\t0\t8",
            "I/user.start\t3\t0\t11",
            "I/user.start\t4\t0\t14",
            "I/user.start\t5\t0\t17",
            "I/user.start\t6\t1\t-1",
            "I/user.start\t7\t1\t-1",
        ]);
        device.dispose();
    });

    it("after a failed connect send() fills the 512-byte pipe, then blocks the Lua thread for good", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                local so = socket.tcp()
                so:start("10.0.0.9", 1)
                sys.waitUntil("NETC_END_" .. so:id(), 5000)
                for i = 1, 6 do log.info("send", i, so:send(string.rep("z", 100))) end
                log.info("never", 1)
            end)
            sys.timerLoopStart(function() log.info("tick", 1) end, 1000)
        `, { firmwareLogs: true });
        await device.run("5s");
        const lines = userLines(device);
        expect(lines.filter(l => l.startsWith("I/user.send"))).toEqual([1, 2, 3, 4, 5].map(i => `I/user.send\t${i}\ttrue`));
        expect(lines.some(l => l.startsWith("I/user.never") || l.startsWith("I/user.tick"))).toBe(false);
        expect(device.logText()).toMatch(/\[sim\] so:send of 100 bytes blocks the Lua thread for good/);
        // Only the Lua thread hangs: the connection thread still ends after it.
        expect(lines.slice(lines.indexOf("I/user.send\t5\ttrue") + 1).filter(l => !l.startsWith("[sim]"))).toEqual(["W/luat.netc netc[1] thread end"]);
        expect(device.reboots).toBe(0);
        expect(device.errors).toEqual([]);
        device.dispose();
    });

    it("a stalled Lua thread takes no more messages: a loop timer fills the bus (204 messages), then msgbus is FULL", async () => {
        const device = deviceFor(
            `
            sys.timerLoopStart(function() end, 5)
            sys.taskInit(function()
                local so = socket.tcp()
                so:start("10.0.0.9", 1)
                sys.waitUntil("NETC_END_" .. so:id(), 5000)
                so:send(string.rep("z", 600))
            end)
        `,
            { firmwareLogs: true },
        );
        await device.run("2s");
        const stalledAt = device.log.find(l => l.text.startsWith("[sim] so:send of 600 bytes"))!.timeMs;
        const full = device.log.filter(l => l.text === "[W/luat.msgbus] msgbus is FULL!!!!");
        // Every 5 ms one more message: the 205th after the stall no longer fits.
        expect(full.length).toBeGreaterThan(100);
        expect(full[0]!.timeMs - stalledAt).toBeGreaterThanOrEqual(204 * 5);
        expect(device.errors).toEqual([]);
        device.dispose();
    });

    it("tsend prints Connect fail! before returning; an unresolvable host faults the device", async () => {
        const device = deviceFor(`
            log.info("refused", select("#", socket.tsend("10.0.0.9", 1, "x")))
            socket.tsend("nowhere.test", 80, "x")
            log.info("after", 1)
        `);
        await device.run("5s");
        expect(userLines(device).slice(0, 2)).toEqual(["Connect fail!", "I/user.refused\t0"]);
        expect(userLines(device).some(l => l.startsWith("I/user.after"))).toBe(false);
        expect(device.errors.map(e => e.kind)).toEqual(["crash"]);
        expect(device.errors[0]!.luaMessage).toMatch(/^hard fault: socket.tsend\("nowhere.test"\)/);
        device.dispose();
    });

    it("a started object stays referenced from the registry after its end (luat_lib_socket.c:93)", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                collectgarbage()
                local before = collectgarbage("count")
                for i = 1, 20 do
                    local so = socket.tcp()
                    so:start("echo.test", 7)
                    sys.wait(100)
                    so:close()
                    sys.waitUntil("NETC_END_" .. so:id(), 5000)
                    so:clean()
                end
                collectgarbage()
                log.info("grew", (collectgarbage("count") - before) * 1024 / 20 >= 144)
            end)
        `);
        echoServer(device);
        await device.run("60s");
        expect(userLines(device)).toContain("I/user.grew\ttrue");
        device.dispose();
    });
});
