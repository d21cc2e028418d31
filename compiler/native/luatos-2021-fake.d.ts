/**
 * Types of luatos-2021-fake.lua (beside this file): the 2021 LuatOS C
 * layer's `rtos`, `log` and `socket` (the netclient) on a virtual clock, in native Lua 5.3, for
 * busted specs compiled by TypeScriptToLua (the build's native heap
 * measurement loads the same file). TSTL copies the Lua file into the
 * specs' output because it sits beside this declaration.
 */

/** The sys module as `require("sys")` returns it. */
export type SysModule = typeof sys;

/** A fake device: its C modules are installed as globals; load sys, run. */
export interface FakeDevice {
    /** Device time in milliseconds since boot. */
    now(this: void): number;
    /** Log lines as the firmware prints them: `I/user.<tag>` then the values, tab-joined. */
    readonly logs: string[];
    /** How many times `rtos.reboot()` was called. */
    reboots(this: void): number;
    /** Ids of the `rtos` timers that are running, in start order. */
    activeTimers(this: void): number[];
    /**
     * Load a fresh copy of sys (as main.lua does: `_G.sys = require("sys")`)
     * on top of this device's C layer. Call once per test.
     */
    loadSys(this: void): SysModule;
    /** Run `fn` from inside `rtos.receive` (on the main thread, not in a task) `delay` ms from now. */
    at(this: void, delay: number, fn: (this: void) => void): void;
    /** Set the time limit `ms` from now without running (for code that calls `sys.run()` itself). */
    limit(this: void, ms: number): void;
    /**
     * Run `sys.run()` until the device clock reaches `now + ms`. Returns
     * the error that left `sys.run()` (as the firmware would see it end the
     * VM), or undefined when the time simply ran out.
     */
    runFor(this: void, ms: number): unknown;
}

export interface FakeDeviceOptions {
    /** Record log lines in {@link FakeDevice.logs}. Default true. */
    keepLogs?: boolean;
}

/**
 * Creates a fake device and installs its `rtos` and `log` as globals
 * (replacing those of an earlier device).
 */
export declare function createFakeDevice(this: void, options?: FakeDeviceOptions): FakeDevice;

/** What `rtos.receive` raises to stop `sys.run()` when the time is up. */
export declare const STOP: unknown;

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
    /** When true, socket.tcp()/udp() raise "not enough memory", as the firmware's allocation does. */
    outOfMemory: boolean;
    /** What socket.ntpSync returns; 0 (started) publishes NTP_UPDATE after 100 ms. */
    ntpResult: number;
    /** Every socket.tsend(host, port, data), as "host:port data". */
    readonly tsends: string[];
    /** Every object made, in creation order. */
    readonly sockets: FakeSocket[];
    /** Keep every socket made, what it sent and every tsend, for inspection (false for a heap measurement: an hour of traffic would fill the heap being measured). Default true. */
    record: boolean;
    /** The peer: called with every piece of data a socket sends (reply with {@link FakeSocket.deliver}). */
    onSend: ((this: void, so: FakeSocket, data: string) => void) | undefined;
    /** The most recently made object. */
    last(this: void): FakeSocket | undefined;
    /** What connecting to `host` does (any port). Unplanned hosts are accepted after 20 ms. */
    plan(this: void, host: string, plan: ConnectPlan): void;
}

/** Largest piece of data one recv event carries on the firmware. */
export declare const RECV_CHUNK: number;

/**
 * Installs a fake `socket` global on the device's C layer (replacing an
 * earlier one). The object id counter starts at 1 for every call, like a
 * freshly booted firmware.
 *
 * ```ts
 * const device = createFakeDevice();
 * const net = installFakeSocket(device);
 * net.plan("example.com", { result: "accept", delayMs: 50 });
 * // ... start a task that connects, then:
 * net.last()!.deliver("ACK 1\n", 10);
 * ```
 */
export declare function installFakeSocket(this: void, device: FakeDevice): FakeNet;
