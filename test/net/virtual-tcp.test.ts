import { describe, expect, it } from "vitest";
import { echoServer, silentServer } from "../../runtime/net/servers.js";
import type { ServerConnection } from "../../runtime/net/tcp.js";
import { trafficText } from "../../runtime/net/traffic.js";
import { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { bytes, FakeScheduler, recorder } from "./fake-scheduler.js";

function setup(options: Partial<ConstructorParameters<typeof VirtualNetwork>[1]> = {}) {
    const scheduler = new FakeScheduler();
    const net = new VirtualNetwork(scheduler, { seed: 1, ...options });
    return { scheduler, net, device: recorder(scheduler) };
}

/** A server that keeps its connections and what happened to them. */
function keeper() {
    const conns: ServerConnection[] = [];
    const log: string[] = [];
    return {
        conns,
        log,
        handler: (conn: ServerConnection) => {
            conns.push(conn);
            conn.onData((d) => log.push(`data ${new TextDecoder().decode(d)}`));
            conn.onClose((r) => log.push(`close ${r}`));
        },
    };
}

describe("VirtualNetwork TCP", () => {
    it("connects through DNS and carries data both ways with the configured latency", () => {
        const { scheduler, net, device } = setup({ latencyMs: 10 });
        net.listenTcp("echo.test", 7, echoServer());
        const stream = net.connectTcp("echo.test", 7, device.handlers);
        stream.send(bytes("hello")); // before connect: held until established
        scheduler.runFor(1000);
        // DNS round trip 20 ms, SYN 10 ms, answer 10 ms; the echo takes one round trip more.
        expect(device.log).toEqual(["40 connect", "60 data hello"]);
        const [record] = net.traffic.connections;
        expect(record).toMatchObject({ protocol: "tcp", host: "echo.test", port: 7, ip: net.dns.lookup("echo.test"), connectedAt: 40 });
        expect(trafficText(record, "to-server")).toBe("hello");
        expect(trafficText(record, "to-device")).toBe("hello");
        expect(record.events.map((e) => `${e.time} ${e.direction} ${e.kind}`)).toEqual([
            "40 to-server sent",
            "50 to-server delivered",
            "50 to-device sent",
            "60 to-device delivered",
        ]);
    });

    it("never calls the device back inside the call that opened the stream", () => {
        const { net, device } = setup();
        net.setInterfaceUp(false);
        net.connectTcp("10.0.0.1", 1, device.handlers);
        expect(device.log).toEqual([]);
    });

    it("refuses when nothing listens, and while a refuse fault is active", () => {
        const { scheduler, net, device } = setup();
        net.connectTcp("10.9.9.9", 80, device.handlers);
        scheduler.runFor(100);
        expect(device.log).toEqual(["20 close refused"]);

        net.listenTcp("srv.test", 80, echoServer());
        net.addFault({ kind: "refuse", host: "srv.test", from: 1000, until: 2000 });
        const results: string[] = [];
        for (const at of [500, 1500, 2500]) {
            scheduler.runUntil(at);
            const r = recorder(scheduler);
            net.connectTcp("srv.test", 80, r.handlers);
            scheduler.runFor(100);
            results.push(r.log.join(","));
        }
        expect(results).toEqual(["540 connect", "1540 close refused", "2540 connect"]);
    });

    it("fails with dns for unknown names and during a dns-fail window; names are case-insensitive", () => {
        const { scheduler, net } = setup();
        net.dns.set("Known.Test", "10.1.1.1");
        net.listenTcp("10.1.1.1", 80, echoServer());
        net.addFault({ kind: "dns-fail", name: "known.test", from: 100, until: 200 });
        const outcomes: string[] = [];
        for (const [at, host] of [
            [0, "unknown.test"],
            [50, "KNOWN.test"],
            [150, "known.test"],
            [250, "known.test"],
        ] as const) {
            scheduler.runUntil(at);
            const r = recorder(scheduler);
            net.connectTcp(host, 80, r.handlers);
            scheduler.runFor(49);
            outcomes.push(r.log.join(","));
        }
        expect(outcomes).toEqual(["20 close dns", "90 connect", "170 close dns", "290 connect"]);
    });

    it("keeps the order of sends under jitter, and jitter moves arrival times", () => {
        const { scheduler, net, device } = setup({ latencyMs: 10, jitterMs: 50, seed: 5 });
        net.listenTcp("echo.test", 7, echoServer());
        const stream = net.connectTcp("echo.test", 7, device.handlers);
        scheduler.runFor(1000);
        for (let i = 0; i < 20; i++) stream.send(bytes(`${i},`));
        scheduler.runFor(1000);
        expect(device.text()).toBe(Array.from({ length: 20 }, (_, i) => `${i},`).join(""));
        const arrivals = net.traffic.connections[0].events.filter((e) => e.kind === "delivered" && e.direction === "to-server").map((e) => e.time);
        expect(new Set(arrivals).size).toBeGreaterThan(1); // jitter spread them
        expect(arrivals.every((t) => Number.isInteger(t) && t >= 1010 && t <= 1060)).toBe(true);
        expect([...arrivals].sort((a, b) => a - b)).toEqual(arrivals);
    });

    it("applies a latency fault in its window only", () => {
        const { scheduler, net, device } = setup({ latencyMs: 10 });
        const server = keeper();
        net.listenTcp("10.0.0.9", 9, server.handler);
        const stream = net.connectTcp("10.0.0.9", 9, device.handlers);
        net.addFault({ kind: "latency", delay: 500, direction: "to-server", from: 1000, until: 2000 });
        scheduler.runUntil(100);
        stream.send(bytes("a"));
        scheduler.runUntil(1000);
        stream.send(bytes("b"));
        scheduler.runUntil(2000);
        stream.send(bytes("c"));
        scheduler.runUntil(3000);
        const delivered = net.traffic.connections[0].events.filter((e) => e.kind === "delivered").map((e) => e.time);
        expect(delivered).toEqual([110, 1500, 2010]);
    });

    it("delivers the peer's close after its data, and the server sees the device's close", () => {
        const { scheduler, net, device } = setup();
        const server = keeper();
        net.listenTcp("10.0.0.9", 9, server.handler);
        const stream = net.connectTcp("10.0.0.9", 9, device.handlers);
        scheduler.runFor(100);
        server.conns[0].send("bye");
        server.conns[0].close();
        expect(server.conns[0].closed).toBe(true);
        scheduler.runFor(100);
        expect(device.log).toEqual(["20 connect", "110 data bye", "110 close peer-close"]);
        expect(server.log).toEqual(["close local-close"]);
        stream.send(bytes("late")); // ignored once closed
        scheduler.runFor(100);
        expect(net.traffic.connections[0].events.some((e) => e.direction === "to-server")).toBe(false);

        const other = recorder(scheduler);
        const second = net.connectTcp("10.0.0.9", 9, other.handlers);
        scheduler.runFor(100);
        second.send(bytes("x"));
        second.close();
        scheduler.runFor(100);
        expect(other.log.at(-1)).toBe(`${scheduler.now() - 100} close local-close`);
        expect(server.log.slice(1)).toEqual(["data x", "close peer-close"]);
        expect(net.openConnectionCount()).toBe(0);
    });

    it("a server reset reaches the device as reset", () => {
        const { scheduler, net, device } = setup();
        const server = keeper();
        net.listenTcp("10.0.0.9", 9, server.handler);
        net.connectTcp("10.0.0.9", 9, device.handlers);
        scheduler.runFor(100);
        server.conns[0].reset();
        scheduler.runFor(100);
        expect(device.log.at(-1)).toBe("110 close reset");
    });

    it("resets open connections at a scheduled instant, dropping data in flight", () => {
        const { scheduler, net, device } = setup();
        const server = keeper();
        net.listenTcp("10.0.0.9", 9, server.handler);
        const stream = net.connectTcp("10.0.0.9", 9, device.handlers);
        net.addFault({ kind: "reset", at: 105, host: "10.0.0.9" });
        scheduler.runUntil(100);
        stream.send(bytes("lost"));
        scheduler.runFor(200);
        expect(device.log).toEqual(["20 connect", "105 close reset"]);
        expect(server.log).toEqual(["close reset"]);
        const events = net.traffic.connections[0].events.map((e) => e.kind);
        expect(events).toEqual(["sent", "dropped"]);
    });

    it("resets in the middle of a stream with a per-segment probability", () => {
        const { scheduler, net, device } = setup({ seed: 3 });
        const server = keeper();
        net.listenTcp("10.0.0.9", 9, server.handler);
        const stream = net.connectTcp("10.0.0.9", 9, device.handlers);
        net.addFault({ kind: "reset", from: 0, probability: 0.2 });
        scheduler.runFor(100);
        for (let i = 0; i < 50; i++) {
            stream.send(bytes(`${i};`));
            scheduler.runFor(100);
        }
        const delivered = server.log.filter((l) => l.startsWith("data")).length;
        expect(delivered).toBeGreaterThan(0);
        expect(delivered).toBeLessThan(50);
        expect(device.log.at(-1)).toMatch(/close reset$/);
        expect(server.log.at(-1)).toBe("close reset");
    });

    it("the peer closes at an instant (peer-close fault)", () => {
        const { scheduler, net, device } = setup();
        net.listenTcp("10.0.0.9", 9, silentServer());
        net.connectTcp("10.0.0.9", 9, device.handlers);
        net.addFault({ kind: "peer-close", at: 500 });
        scheduler.runFor(1000);
        expect(device.log).toEqual(["20 connect", "510 close peer-close"]);
    });

    it("splits data into 1-byte pieces", () => {
        const { scheduler, net, device } = setup();
        net.listenTcp("10.0.0.9", 9, echoServer());
        const stream = net.connectTcp("10.0.0.9", 9, device.handlers);
        net.addFault({ kind: "split", bytes: 1, direction: "to-device" });
        scheduler.runFor(100);
        stream.send(bytes("abcd"));
        scheduler.runFor(100);
        expect(device.data.map((d) => d.length)).toEqual([1, 1, 1, 1]);
        expect(device.text()).toBe("abcd");
        const toServer = net.traffic.connections[0].events.filter((e) => e.direction === "to-server" && e.kind === "delivered");
        expect(toServer.length).toBe(1); // only the direction asked for
    });

    it("coalesces several sends into one delivery", () => {
        const { scheduler, net } = setup();
        const server = keeper();
        net.listenTcp("10.0.0.9", 9, server.handler);
        const stream = net.connectTcp("10.0.0.9", 9, recorder(scheduler).handlers);
        net.addFault({ kind: "coalesce", hold: 50 });
        scheduler.runFor(100);
        stream.send(bytes("a"));
        scheduler.runFor(20);
        stream.send(bytes("b"));
        stream.send(bytes("c"));
        scheduler.runFor(200);
        stream.send(bytes("d"));
        scheduler.runFor(200);
        expect(server.log).toEqual(["data abc", "data d"]);
    });

    it("interface down: isUp/ip follow, connections abort as unreachable, the server times out later", () => {
        const { scheduler, net, device } = setup({ peerTimeoutMs: 5000 });
        const server = keeper();
        net.listenTcp("10.0.0.9", 9, server.handler);
        net.connectTcp("10.0.0.9", 9, device.handlers);
        net.addFault({ kind: "interface-down", from: 1000, until: 3000 });
        scheduler.runUntil(999);
        expect([net.isUp(), net.ip()]).toEqual([true, "192.168.1.100"]);
        scheduler.runUntil(1000);
        expect([net.isUp(), net.ip()]).toEqual([false, undefined]);
        expect(device.log).toEqual(["20 connect", "1000 close unreachable"]);
        server.conns[0].send("into the void");

        const during = recorder(scheduler);
        net.connectTcp("10.0.0.9", 9, during.handlers);
        scheduler.runUntil(2000);
        expect(during.log).toEqual(["1000 close unreachable"]);

        scheduler.runUntil(3000);
        expect(net.isUp()).toBe(true);
        const after = recorder(scheduler);
        net.connectTcp("10.0.0.9", 9, after.handlers);
        scheduler.runUntil(6000);
        expect(after.log).toEqual(["3020 connect"]);
        expect(server.log).toEqual(["close timeout"]);
        expect(server.conns[0].record.serverClosedAt).toBe(6000);
        const dropped = net.traffic.connections[0].events.filter((e) => e.kind === "dropped");
        expect(dropped.map((e) => e.direction)).toEqual(["to-device"]);
    });

    it("setInterfaceUp(false) takes the link down now", () => {
        const { scheduler, net, device } = setup();
        net.listenTcp("10.0.0.9", 9, echoServer());
        net.connectTcp("10.0.0.9", 9, device.handlers);
        scheduler.runFor(100);
        net.setInterfaceUp(false);
        expect(net.isUp()).toBe(false);
        scheduler.runFor(1);
        expect(device.log.at(-1)).toBe("100 close unreachable");
        net.setInterfaceUp(true);
        expect(net.ip()).toBe("192.168.1.100");
    });

    it("half-open: the path goes silent; the device learns only by sending, new connects time out", () => {
        const { scheduler, net, device } = setup({ retransmitTimeoutMs: 10_000, connectTimeoutMs: 5000, peerTimeoutMs: 30_000 });
        const server = keeper();
        net.listenTcp("srv.test", 9, server.handler);
        const stream = net.connectTcp("srv.test", 9, device.handlers);
        net.addFault({ kind: "half-open", host: "srv.test", from: 1000, until: 20_000 });
        scheduler.runUntil(2000);
        server.conns[0].send("unheard");
        scheduler.runUntil(5000);
        expect(device.log).toEqual(["40 connect"]); // nothing: no data, no close
        stream.send(bytes("ping"));
        const late = recorder(scheduler);
        net.connectTcp("srv.test", 9, late.handlers);
        scheduler.runUntil(16_000);
        expect(late.log).toEqual(["10020 close timeout"]);
        expect(device.log).toEqual(["40 connect", "15000 close timeout"]);
        expect(server.log).toEqual([]);
        scheduler.runUntil(31_000);
        expect(server.log).toEqual(["close timeout"]);
        const after = recorder(scheduler);
        net.connectTcp("srv.test", 9, after.handlers);
        scheduler.runFor(100);
        expect(after.log).toEqual(["31040 connect"]);
    });

    it("a connect with no answer times out", () => {
        const { scheduler, net, device } = setup({ connectTimeoutMs: 3000 });
        net.listenTcp("10.0.0.9", 9, echoServer());
        net.addFault({ kind: "half-open" });
        net.connectTcp("10.0.0.9", 9, device.handlers);
        scheduler.runFor(10_000);
        expect(device.log).toEqual(["3000 close timeout"]);
    });

    it("a cancelled fault stops applying", () => {
        const { scheduler, net } = setup();
        net.listenTcp("10.0.0.9", 9, echoServer());
        const handle = net.addFault({ kind: "refuse" });
        const first = recorder(scheduler);
        net.connectTcp("10.0.0.9", 9, first.handlers);
        scheduler.runFor(100);
        handle.cancel();
        expect(net.faults()).toEqual([]);
        const second = recorder(scheduler);
        net.connectTcp("10.0.0.9", 9, second.handlers);
        scheduler.runFor(100);
        expect([first.log, second.log]).toEqual([["20 close refused"], ["120 connect"]]);
    });

    it("rejects invalid faults and listeners", () => {
        const { net } = setup();
        expect(() => net.addFault({ kind: "split", bytes: 0 })).toThrow(/bytes must be an integer >= 1/);
        expect(() => net.addFault({ kind: "udp-loss", rate: 2 })).toThrow(/rate must be a number from 0 to 1/);
        expect(() => net.addFault({ kind: "reset", at: 5, from: 1 })).toThrow(/either at/);
        expect(() => net.addFault({ kind: "bogus" } as never)).toThrow(/unknown fault kind/);
        net.listenTcp("a.test", 1, echoServer());
        expect(() => net.listenTcp("a.test", 1, echoServer())).toThrow(/already listens/);
        expect(() => net.listenTcp("a.test", 70000, echoServer())).toThrow(/port/);
    });
});
