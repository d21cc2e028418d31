/**
 * A fake 2021 `socket` module (the RT-Thread "netclient") for busted specs,
 * on top of a {@link FakeDevice}: what the firmware does, as FIRMWARE-NOTES.md
 * describes it, with the peer scripted by the spec.
 *
 * - `so:start()` returns 0 when the connection "thread" started, 1 for a host
 *   name of 32 bytes or more, 2 when no host or port is known.
 * - The connect result, received data and peer closes arrive as C-side
 *   events, from inside `rtos.receive` on the main thread (never in a task).
 * - Callbacks get the object's integer id; the connect result is 1 or 0.
 * - Whenever the connection ends (connect failure, peer close, local close)
 *   the firmware publishes `"NETC_END_" .. so:id()` once, with no arguments.
 * - `so:send` returns false on a closed object and logs "socket is closed!!!".
 *
 * ```ts
 * const device = createFakeDevice();
 * const net = installFakeSocket(device);
 * net.plan("example.com", { result: "accept", delayMs: 50 });
 * // ... start a task that connects, then:
 * net.last()!.deliver("ACK 1\n", 10);
 * ```
 */
import type { FakeDevice } from "./luatos";

/** What a connection attempt to a host does. */
export interface ConnectPlan {
    /** accept: connect result 1; refuse: result 0 then NETC_END; silent: nothing ever comes. */
    result: "accept" | "refuse" | "silent";
    /** When the connect result arrives, in ms after start(). Default 20. */
    delayMs?: number;
    /** Force what start() returns (the firmware returns 1 when it cannot start the thread). */
    startResult?: socket.StartResult;
}

/** One netclient object the code under test made, seen from the network side. */
export interface FakeSocket {
    /** The integer id the callbacks get. */
    readonly num: number;
    /** so:id(): the lowercase hex string of {@link num}. */
    readonly id: string;
    readonly udp: boolean;
    host: string | undefined;
    port: number | undefined;
    /** Whether start()/connect() was accepted (returned 0). */
    started: boolean;
    /** Whether the connect result was 1. */
    connected: boolean;
    /** Whether the connection is closed (never opened counts as closed once it ended). */
    closed: boolean;
    /** Whether so:clean() was called. */
    cleaned: boolean;
    /** How many times so:close() was called. */
    closeCalls: number;
    /** How many times NETC_END_<id> was published (the firmware does it once). */
    ends: number;
    /** Data accepted by so:send, in order, with the flags passed. */
    readonly sent: string[];
    readonly sendFlags: (number | undefined)[];
    /** The sockid rebind() was called with, if any. */
    rebound: number | undefined;
    /** Callbacks currently registered by name ("connect", "recv", "error"). */
    readonly callbacks: Record<string, ((this: void, ...args: any[]) => void) | undefined>;
    /** The peer sends `data` `delayMs` from now: recv events of at most 1024 bytes each. */
    deliver(this: void, data: string, delayMs?: number): void;
    /** The peer closes `delayMs` from now: the error callback, then NETC_END. */
    peerClose(this: void, delayMs?: number): void;
    /** The connection thread ends `delayMs` from now without an error callback: only NETC_END. */
    drop(this: void, delayMs?: number): void;
}

/** The fake network, for the spec to script and inspect. */
export interface FakeNet {
    /** socket.isReady(). Default true. */
    ready: boolean;
    /** socket.ip(); undefined returns nothing. Default "192.168.1.20". */
    ip: string | undefined;
    /** When true, socket.tcp()/udp() return nil (out of memory). */
    outOfMemory: boolean;
    /** What socket.ntpSync returns; 0 (started) publishes NTP_UPDATE after 100 ms. */
    ntpResult: number;
    /** Every socket.tsend(host, port, data), as "host:port data". */
    readonly tsends: string[];
    /** Every object made, in creation order. */
    readonly sockets: FakeSocket[];
    /** The most recently made object. */
    last(this: void): FakeSocket | undefined;
    /** What connecting to `host` does (any port). Unplanned hosts are accepted after 20 ms. */
    plan(this: void, host: string, plan: ConnectPlan): void;
}

/** Largest piece of data one recv event carries on the firmware. */
export const RECV_CHUNK = 1024;

/**
 * Installs a fake `socket` global on the device's C layer (replacing an
 * earlier one). The object id counter starts at 1 for every call, like a
 * freshly booted firmware.
 */
export function installFakeSocket(this: void, device: FakeDevice): FakeNet {
    let counter = 0;
    const plans: Record<string, ConnectPlan> = {};
    const sockets: FakeSocket[] = [];
    const tsends: string[] = [];
    const globals = _G as unknown as Record<string, unknown>;

    /** The firmware's publish hook, as sys installs it; absent before sys is loaded. */
    function publish(this: void, topic: string): void {
        const pub = globals.sys_pub as ((this: void, topic: string) => void) | undefined;
        if (pub !== undefined) pub(topic);
    }

    function makeSocket(this: void, udp: boolean): socket.Netclient | undefined {
        if (net.outOfMemory) return undefined;
        counter++;
        const num = counter;
        let ended = false;

        /** The connection thread ends: once, whatever the reason. */
        function end(this: void): void {
            if (ended) return;
            ended = true;
            fake.closed = true;
            device.at(0, () => {
                fake.ends++;
                publish("NETC_END_" + fake.id);
            });
        }

        const fake: FakeSocket = {
            num,
            id: string.format("%x", num),
            udp,
            host: undefined,
            port: undefined,
            started: false,
            connected: false,
            closed: true,
            cleaned: false,
            closeCalls: 0,
            ends: 0,
            sent: [],
            sendFlags: [],
            rebound: undefined,
            callbacks: {},
            deliver: (data, delayMs) => {
                device.at(delayMs ?? 0, () => {
                    if (!fake.connected || fake.closed) return;
                    for (let i = 1; i <= data.length; i += RECV_CHUNK) {
                        const recv = fake.callbacks.recv;
                        if (recv !== undefined) recv(num, string.sub(data, i, i + RECV_CHUNK - 1));
                    }
                });
            },
            peerClose: delayMs => {
                device.at(delayMs ?? 0, () => {
                    if (fake.closed) return;
                    const onError = fake.callbacks.error;
                    if (onError !== undefined) onError(num);
                    end();
                });
            },
            drop: delayMs => {
                device.at(delayMs ?? 0, () => {
                    if (!fake.closed) end();
                });
            },
        };
        sockets.push(fake);

        function start(this: void, host?: string, port?: number): socket.StartResult {
            if (host !== undefined) fake.host = host;
            if (port !== undefined) fake.port = port;
            if (fake.host === undefined || fake.host === "") return 2;
            if (fake.host.length >= 32) return 1;
            if (fake.started) return 1;
            if (fake.port === undefined) fake.port = 80;
            const plan = plans[fake.host] ?? { result: "accept" };
            if (plan.startResult !== undefined && plan.startResult !== 0) return plan.startResult;
            fake.started = true;
            fake.closed = false;
            if (plan.result === "silent") return 0;
            device.at(plan.delayMs ?? 20, () => {
                if (fake.closed) return;
                const accepted = plan.result === "accept";
                fake.connected = accepted;
                const onConnect = fake.callbacks.connect;
                if (onConnect !== undefined) onConnect(num, accepted ? 1 : 0);
                if (!accepted) end();
            });
            return 0;
        }

        const so: socket.Netclient = {
            host(h) {
                fake.host = h;
            },
            port(p) {
                fake.port = p;
            },
            start(host?: string, port?: number) {
                return start(host, port);
            },
            connect(host?: string, port?: number) {
                return start(host, port);
            },
            close() {
                fake.closeCalls++;
                if (fake.started) end();
                fake.closed = true;
            },
            send(data, flags) {
                if (fake.closed || data.length === 0) {
                    if (fake.closed) print("socket is closed!!!");
                    return false;
                }
                fake.sent.push(data);
                fake.sendFlags.push(flags);
                return true;
            },
            id() {
                return fake.id;
            },
            clean() {
                if (!fake.closed) so.close();
                fake.cleaned = true;
                fake.callbacks.connect = undefined;
                fake.callbacks.recv = undefined;
                fake.callbacks.error = undefined;
            },
            on(event: string, fn: (this: void, ...args: any[]) => void) {
                // The firmware ignores any other event name.
                if (event === "connect" || event === "recv" || event === "error") fake.callbacks[event] = fn;
            },
            closed() {
                if (fake.closed) return $multi(1 as const, false as const);
                return $multi(0 as const, true as const);
            },
            rebind(sockid) {
                fake.rebound = sockid;
                return false;
            },
            sockid() {
                return fake.started ? 100 + num : -1;
            },
        } as socket.Netclient;
        setmetatable(so, {
            __tostring: () =>
                `netc[${num}] ${fake.host ?? ""},${fake.port ?? 0},${udp ? "UDP" : "TCP"} ${fake.closed ? "Closed" : "Not-Closed"}`,
        });
        return so;
    }

    const net: FakeNet = {
        ready: true,
        ip: "192.168.1.20",
        outOfMemory: false,
        ntpResult: 0,
        tsends,
        sockets,
        last: () => sockets[sockets.length - 1],
        plan: (host, plan) => {
            plans[host] = plan;
        },
    };

    globals.socket = {
        isReady: () => net.ready,
        ip: () => net.ip,
        tcp: () => makeSocket(false),
        udp: () => makeSocket(true),
        ntpSync: () => {
            if (net.ntpResult === 0) device.at(100, () => publish("NTP_UPDATE"));
            return net.ntpResult;
        },
        tsend: (host: string, port: number, data: string) => {
            tsends.push(`${host}:${port} ${data}`);
        },
    };
    return net;
}
