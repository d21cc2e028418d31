import * as dgram from "node:dgram";
import * as net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UserError } from "../../common/user-error.js";
import { parseDnsOverrides } from "../../runtime/net/dns.js";
import { HostNetwork } from "../../runtime/net/host-network.js";
import type { CloseReason, Scheduler } from "../../runtime/net/network.js";
import { sntpReply } from "../../runtime/net/sntp.js";
import { trafficText } from "../../runtime/net/traffic.js";

/** Wall-clock scheduler: host mode runs on real time. */
const wallClock: Scheduler = {
    now: () => Date.now(),
    at: (time, fn) => {
        const timer = setTimeout(fn, Math.max(0, time - Date.now()));
        return () => clearTimeout(timer);
    },
};

/**
 * The wall clock, keeping the timers it holds so a test can fire them itself
 * instead of sleeping until they are due.
 */
function recordingClock(): { clock: Scheduler; pending: Set<() => void> } {
    const pending = new Set<() => void>();
    const clock: Scheduler = {
        now: wallClock.now,
        at: (time, fn) => {
            const cancel = wallClock.at(time, () => {
                pending.delete(fn);
                fn();
            });
            pending.add(fn);
            return () => {
                pending.delete(fn);
                cancel();
            };
        },
    };
    return { clock, pending };
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function hostNetwork(options: ConstructorParameters<typeof HostNetwork>[1] = {}): HostNetwork {
    const network = new HostNetwork(wallClock, options);
    cleanups.push(() => network.dispose());
    return network;
}

async function tcpServer(onConnection: (socket: net.Socket) => void): Promise<number> {
    const server = net.createServer(onConnection);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const sockets = new Set<net.Socket>();
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    cleanups.push(() => sockets.forEach((s) => s.destroy()));
    return (server.address() as net.AddressInfo).port;
}

/** A loopback port nothing listens on (it was just released). */
async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

async function udpServer(onMessage: (message: Buffer, remote: dgram.RemoteInfo, socket: dgram.Socket) => void): Promise<number> {
    const socket = dgram.createSocket("udp4");
    socket.on("message", (m, r) => onMessage(m, r, socket));
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    return socket.address().port;
}

/** Device-side handlers as a promise-friendly recorder. */
function device() {
    const events: string[] = [];
    let text = "";
    let closed: (reason: CloseReason) => void = () => undefined;
    const whenClosed = new Promise<CloseReason>((resolve) => (closed = resolve));
    let connected: () => void = () => undefined;
    const whenConnected = new Promise<void>((resolve) => (connected = resolve));
    const waiters: { want: string; resolve: () => void }[] = [];
    return {
        events,
        whenClosed,
        whenConnected,
        received: (want: string) =>
            new Promise<void>((resolve) => {
                if (text.includes(want)) resolve();
                else waiters.push({ want, resolve });
            }),
        handlers: {
            onConnect: () => {
                events.push("connect");
                connected();
            },
            onData: (data: Uint8Array) => {
                text += new TextDecoder().decode(data);
                for (const w of waiters) if (text.includes(w.want)) w.resolve();
            },
            onClose: (reason: CloseReason) => {
                events.push(`close ${reason}`);
                closed(reason);
            },
        },
    };
}

describe("HostNetwork (loopback)", () => {
    it("talks TCP to a real server through a --dns override, and sees its close", async () => {
        const port = await tcpServer((socket) => {
            socket.write("hello ");
            socket.on("data", (d) => {
                socket.write(d);
                socket.end();
            });
        });
        const network = hostNetwork({ dns: { "Echo.Local": "127.0.0.1" } });
        const d = device();
        const stream = network.connectTcp("echo.local", port, d.handlers);
        stream.send(new TextEncoder().encode("ping")); // before connect: buffered
        await d.received("hello ping");
        expect(await d.whenClosed).toBe("peer-close");
        expect(d.events).toEqual(["connect", "close peer-close"]);
        const [record] = network.traffic.connections;
        expect(record).toMatchObject({ host: "echo.local", ip: "127.0.0.1", port, closeReason: "peer-close" });
        expect(trafficText(record, "to-server", "sent")).toBe("ping");
        expect(trafficText(record, "to-device")).toBe("hello ping");
    });

    it("reports refused for a closed port and dns for a name that does not resolve", async () => {
        const closedPort = await freePort();
        const network = hostNetwork();
        const refused = device();
        network.connectTcp("127.0.0.1", closedPort, refused.handlers);
        expect(await refused.whenClosed).toBe("refused");
        const unknown = device();
        network.connectTcp("no-such-host.invalid", 80, unknown.handlers);
        expect(await unknown.whenClosed).toBe("dns");
    });

    it("closes locally without waiting for the server", async () => {
        const port = await tcpServer(() => undefined);
        const network = hostNetwork();
        const d = device();
        const stream = network.connectTcp("127.0.0.1", port, d.handlers);
        await d.whenConnected;
        stream.close();
        expect(d.events).toEqual(["connect"]); // onClose follows asynchronously
        expect(await d.whenClosed).toBe("local-close");
    });

    it("exchanges UDP datagrams with a real server", async () => {
        const port = await udpServer((message, remote, socket) => socket.send(Buffer.concat([Buffer.from("re:"), message]), remote.port, remote.address));
        const network = hostNetwork();
        const d = device();
        const stream = network.openUdp("127.0.0.1", port, d.handlers);
        await d.whenConnected;
        stream.send(new TextEncoder().encode("one"));
        await d.received("re:one");
        stream.close();
        expect(await d.whenClosed).toBe("local-close");
    });

    it("syncs time by SNTP against a loopback server and times out against a silent one", async () => {
        const epoch = Date.UTC(2024, 2, 1, 8, 0, 0, 500);
        let request: Buffer | undefined;
        const port = await udpServer((message, remote, socket) => {
            request = message;
            socket.send(sntpReply(epoch), remote.port, remote.address);
        });
        const silentPort = await udpServer(() => undefined);
        const network = hostNetwork({ dns: { "ntp.local": "127.0.0.1" }, ntpTimeoutMs: 300 });
        const answer = await new Promise<number | undefined>((resolve) => network.ntp(`ntp.local:${port}`, resolve));
        expect(answer).toBe(epoch);
        expect(request?.length).toBe(48);
        expect(request?.[0]).toBe(0x23);
        // The silent server is given up on by the configured timeout (checked as the timer asked for, not by timing it).
        const timeouts = vi.spyOn(globalThis, "setTimeout");
        const silent = await new Promise<number | undefined>((resolve) => network.ntp(`127.0.0.1:${silentPort}`, resolve));
        const asked = timeouts.mock.calls.map((call) => call[1]);
        timeouts.mockRestore();
        expect(silent).toBeUndefined();
        expect(asked).toContain(300);
    });

    it("dispose closes open sockets and silences callbacks", async () => {
        let serverSawClose!: () => void;
        const closedAtServer = new Promise<void>((resolve) => (serverSawClose = resolve));
        const port = await tcpServer((socket) => socket.on("close", () => serverSawClose()));
        const { clock, pending } = recordingClock();
        const network = new HostNetwork(clock);
        const d = device();
        network.connectTcp("127.0.0.1", port, d.handlers);
        await d.whenConnected;
        let ntpAnswered = false;
        network.ntp("127.0.0.1:9", () => (ntpAnswered = true));
        network.dispose();
        // The server sees the close (bounded by the test timeout, not by a sleep).
        await closedAtServer;
        // Whatever timers are still held (the NTP timeout, if dispose left it) fire now: none may reach the device.
        for (const fire of [...pending]) fire();
        expect(d.events).toEqual(["connect"]);
        expect(ntpAnswered).toBe(false);
        expect(network.isUp()).toBe(false);
    });

    it("rejects malformed DNS overrides", () => {
        expect(() => new HostNetwork(wallClock, { dns: { "a.local": "nope" } })).toThrow(UserError);
        expect(parseDnsOverrides(["Example.com=127.0.0.1"])).toEqual({ "example.com": "127.0.0.1" });
        expect(() => parseDnsOverrides(["example.com"])).toThrow(/expected NAME=IP/);
        expect(() => parseDnsOverrides(["example.com=999.1.1.1"])).toThrow(/not an IPv4 address/);
    });
});
