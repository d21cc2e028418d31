import * as net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { HostNetwork } from "../../runtime/net/host-network.js";
import type { SimulatedDevice } from "../../runtime/index.js";
import { deviceFor, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** A loopback TCP server; `firstConnection` resolves to what the first connection sent, once it closed. */
async function collector(): Promise<{ port: number; firstConnection: Promise<string>; close: () => Promise<void> }> {
    let done: (text: string) => void = () => undefined;
    const firstConnection = new Promise<string>(resolve => (done = resolve));
    const server = net.createServer(socket => {
        const chunks: Buffer[] = [];
        socket.on("data", d => chunks.push(d)).on("error", () => undefined);
        socket.on("end", () => done(Buffer.concat(chunks).toString("latin1")));
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as net.AddressInfo).port,
        firstConnection,
        close: () => new Promise<void>(resolve => server.close(() => resolve())),
    };
}

/** A loopback port nothing listens on (connects are refused). */
async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>(resolve => server.close(() => resolve()));
    return port;
}

/** A device on real sockets and the wall clock; names other than `dns` do not resolve. */
function hostDevice(body: string, dns: Record<string, string> = {}, firmwareLogs = false): SimulatedDevice {
    return deviceFor(body, { network: scheduler => new HostNetwork(scheduler, { dns, dnsOnly: true }), clock: "wall", rebootOnCrash: false, firmwareLogs });
}

describe("host mode: a C call that waits blocks the Lua thread, as on the device", () => {
    it("socket.tsend connects, sends and closes before it returns; a refused one prints Connect fail! first", async () => {
        const server = await collector();
        const refused = await closedPort();
        const device = hostDevice(`
            sys.taskInit(function()
                log.info("ok", select("#", socket.tsend("127.0.0.1", ${server.port}, "payload")))
                log.info("refused", select("#", socket.tsend("127.0.0.1", ${refused}, "x")))
                sys.publish("DONE")
            end)
        `);
        expect(await device.runUntilTopic("DONE", "20s")).toBe(true);
        expect(userLines(device)).toEqual(["I/user.ok\t0", "Connect fail!", "I/user.refused\t0"]);
        expect(await server.firstConnection).toBe("payload");
        device.dispose();
        await server.close();
    });

    it("socket.tsend called from a socket callback blocks there too", async () => {
        const server = await collector();
        const refused = await closedPort();
        const device = hostDevice(`
            local so = socket.tcp()
            so:on("connect", function(id, r)
                socket.tsend("127.0.0.1", ${refused}, "x")
                log.info("callback", r)
                sys.publish("DONE")
            end)
            so:start("127.0.0.1", ${server.port})
        `);
        expect(await device.runUntilTopic("DONE", "20s")).toBe(true);
        expect(userLines(device)).toEqual(["Connect fail!", "I/user.callback\t1"]);
        device.dispose();
        await server.close();
    });

    it("socket.tsend to a name that does not resolve faults the device at once", async () => {
        const device = hostDevice(`
            sys.taskInit(function()
                log.info("before")
                socket.tsend("nowhere.test", 80, "x")
                log.info("after")
            end)
        `);
        await device.run("5s", { until: { log: /hard fault/ } });
        expect(userLines(device).filter(l => l.startsWith("I/user."))).toEqual(["I/user.before"]);
        expect(device.errors.map(e => e.kind)).toEqual(["crash"]);
        expect(device.errors[0]!.luaMessage).toMatch(/^hard fault: socket.tsend\("nowhere.test"\)/);
        device.dispose();
    });

    it("after a failed connect the send that overflows the pipe stalls the Lua thread for good; the connection thread still ends", async () => {
        const refused = await closedPort();
        const device = hostDevice(
            `
            sys.taskInit(function()
                local so = socket.tcp()
                so:start("127.0.0.1", ${refused})
                sys.waitUntil("NETC_END_" .. so:id(), 5000)
                for i = 1, 5 do log.info("send", i, so:send(string.rep("z", 100))) end
                sys.timerStart(function() log.info("timer", "fired") end, 20)
                log.info("send", 6, so:send(string.rep("z", 100)))
                log.info("never")
            end)
        `,
            {},
            true,
        );
        expect(await device.runUntilLog(/thread end/, "10s")).toBe(true);
        const lines = userLines(device).filter(l => !l.startsWith("[sim]"));
        expect(lines.slice(-6)).toEqual([...[1, 2, 3, 4, 5].map(i => `I/user.send\t${i}\ttrue`), "W/luat.netc netc[1] thread end"]);
        // The timer falls due meanwhile: its message waits on the bus for a Lua thread that never takes it.
        await device.run(200);
        expect(userLines(device).some(l => l.startsWith("I/user.never") || l.startsWith("I/user.timer") || l.startsWith("I/user.send\t6"))).toBe(false);
        expect(device.logText()).toMatch(/\[sim\] so:send of 100 bytes blocks the Lua thread for good/);
        expect(device.errors).toEqual([]);
        device.dispose();
    });

    it("a send that does not fit before the connect waits for it (here: refused, so it never returns)", async () => {
        const refused = await closedPort();
        const device = hostDevice(`
            sys.taskInit(function()
                local so = socket.tcp()
                so:start("127.0.0.1", ${refused})
                log.info("sent", so:send(string.rep("z", 600)))
            end)
        `);
        await device.run("5s", { until: { log: /blocks the Lua thread for good/ } });
        expect(userLines(device).some(l => l.startsWith("I/user.sent"))).toBe(false);
        device.dispose();
    });

    it("timer.mdelay holds the Lua thread for its time, through nested coroutines, wrap and pcall", async () => {
        const device = hostDevice(`
            local inner = coroutine.wrap(function(a)
                local ok, r = pcall(function() timer.mdelay(60) return a * 2 end)
                coroutine.yield(ok, r)
                return "done"
            end)
            sys.taskInit(function()
                log.info("a")
                local ok, r = inner(21)
                log.info("b", ok, r, inner())
                sys.publish("DONE")
            end)
        `);
        expect(await device.runUntilTopic("DONE", "10s")).toBe(true);
        const a = device.log.find(l => l.text === "I/user.a")!;
        const b = device.log.find(l => l.text.startsWith("I/user.b"))!;
        expect(b.text).toBe("I/user.b\ttrue\t42\tdone");
        // A lower bound only: the device clock is the wall clock, and a loaded machine only makes it later.
        expect(b.timeMs - a.timeMs).toBeGreaterThanOrEqual(60);
        device.dispose();
    });

    it("where Lua cannot be suspended (a string.gsub callback) tsend goes on in the background", async () => {
        const refused = await closedPort();
        const device = hostDevice(`
            sys.taskInit(function()
                string.gsub("x", "x", function() socket.tsend("127.0.0.1", ${refused}, "x") end)
                log.info("returned")
            end)
        `);
        expect(await device.runUntilLog(/^Connect fail!/, "10s")).toBe(true);
        expect(userLines(device)).toEqual(["I/user.returned", "Connect fail!"]);
        device.dispose();
    });
});
