/**
 * A connection helper over the 2021 netclient (socket.tcp / socket.udp).
 *
 * The raw API is easy to misuse: start() returns 0 on success, the connect
 * result 0 is truthy, callbacks run outside tasks, an object is single use
 * and leaks its callbacks unless clean() is called. This module hides all of
 * that behind task-side functions with plain outcomes:
 *
 * ```ts
 * sys.taskInit(() => {
 *     const [link, failure] = openLink({ host: "example.com", port: 9000, timeoutMs: 10000 });
 *     if (link === undefined) { log.warn("net", failure); return; }
 *     sendData(link, "hello\n");
 *     const [line, why] = readLine(link, 30000); // from "./read-line"
 *     closeLink(link); // always: closes and cleans the object
 * });
 * ```
 *
 * `readLine` is in read-line.ts: a firmware that does not wait for lines
 * (it takes them with {@link takeLine}) then does not keep its code in the
 * heap, since every function of a loaded module stays there.
 *
 * Every function that waits must be called inside a task (sys.taskInit).
 * Callbacks only record events and publish the link's wake topic; all
 * decisions happen in the task.
 *
 * **The leak, and the start budget.** On the 2021 firmware every netclient
 * object that was *started* (`so:start()`/`so:connect()`) stays in the Lua
 * heap until the device reboots, even after `close()` and `clean()`:
 * `start` keeps a registry reference to the object (luat_lib_socket.c:271)
 * and the NETC_END handler means to drop it but calls `luaL_unref` with its
 * arguments swapped (luat_lib_socket.c:93), which does nothing. Each start
 * costs about 170 bytes (the 144-byte netclient_t userdata, its header and
 * its registry slot) of the 64 KB Lua pool of the Air640W; past the pool the
 * running Lua gets "not enough memory" and the device reboots with
 * everything in RAM lost. No Lua code can free those objects: only a reboot
 * does. So (docs/leak.md has the arithmetic):
 * 1. start as few objects as possible: one per connection, never one per
 *    message, and back off between attempts;
 * 2. give {@link openLink} the boot's budget (`maxStarts`,
 *    `maxUsedBytes`): it counts the starts of the boot and, once the budget
 *    is spent, fails with "over-budget" without making an object;
 * 3. on "over-budget", start nothing more: save what must survive (e.g. the
 *    samples not yet acknowledged, to the file system with `io`), log it,
 *    call `rtos.reboot()` (the device resets about 100 ms later) and wait;
 *    at the next boot, restore what was saved.
 *
 * ```ts
 * const [link, failure] = openLink({ host, port, timeoutMs: 10000, maxStarts: 24, maxUsedBytes: 60 * 1024 });
 * if (failure === "over-budget") {
 *     saveState(); // io.open + write + close, then os.rename
 *     rtos.reboot();
 *     for (;;) sys.wait(60_000);
 * }
 * ```
 *
 * Leave room for the save: the heap threshold must sit below the pool by
 * what saving allocates (code it loads, the text it writes). Code that runs
 * only at boot or before the reboot is best kept out of the heap between
 * uses (`require`d when needed, then dropped from the registry's
 * `_LOADED` table), as the reference firmware does. Code that starts objects without this helper
 * must keep a budget of its own.
 *
 * **Fragmentation.** The budget counts bytes; the 2021 pool can still fail
 * a large allocation with bytes to spare, once leaked objects and session
 * tables have broken it into small free blocks. The one large block a
 * running firmware asks for is Lua's string table doubling (4 KB from 512
 * to 1024 slots): grow it once at the end of boot, as the reference
 * firmware's app/string-table.ts does (docs/leak.md, "Fragmentation").
 */
import { newLineBuffer, nextLine, pushData, type LineBuffer } from "./line-buffer";

/** Why {@link openLink} did not give a link. */
export type OpenFailure =
    /** socket.isReady() is false: no network interface. */
    | "no-network"
    /** socket.tcp()/udp() raised: the Lua heap is out of memory (the firmware never returns nil). */
    | "no-memory"
    /** start() refused the address: empty, or a host name of 32 bytes or more. */
    | "bad-address"
    /**
     * The connect failed: refused, unreachable, or the host name did not
     * resolve. The 2021 netclient reports all of these as connect result 0
     * (a DNS failure after its 2 s retry), so they cannot be told apart.
     */
    | "failed"
    /** No connect result within the timeout. */
    | "timeout"
    /**
     * The boot's start budget (`maxStarts`, `maxUsedBytes`) is spent: every
     * started object stays in the heap until reboot (see above). No object
     * was made; plan a reboot.
     */
    | "over-budget";

export interface LinkOptions {
    host: string;
    port: number;
    /** Connected UDP instead of TCP. */
    udp?: boolean;
    /** How long to wait for the connect result. */
    timeoutMs: number;
    /** Longest line readLine accepts (default 256). */
    maxLine?: number;
    /** Flags passed to every so:send (NB-IoT RAI: 2 = last packet). */
    sendFlags?: number;
    /** NB-IoT after deep sleep: the modem socket id to rebind before starting. */
    rebindSockid?: number;
    /** Start budget: refuse with "over-budget" once this boot has started this many objects. */
    maxStarts?: number;
    /**
     * Start budget: refuse with "over-budget" while `rtos.meminfo()` reports
     * this many bytes in use or more after a full garbage collection (every
     * openLink runs one).
     */
    maxUsedBytes?: number;
}

/** An open connection. Use only from the task that opened it. */
export interface Link {
    /** so:id(): the hex id in NETC_END_<id>. */
    readonly id: string;
    readonly so: socket.Netclient;
    /** "connecting" until the connect result, "open" while connected, "ended" after. */
    state: "connecting" | "open" | "ended";
    /** Received data, split into lines by takeLine and readLine. */
    readonly lines: LineBuffer;
    /** Bytes received in total. */
    received: number;
    /** The topic the callbacks publish to wake the task. */
    readonly wake: string;
    readonly onEnd: (this: void) => void;
    readonly sendFlags: number | undefined;
    /** Set once clean() has been called. */
    cleaned: boolean;
}

/** Netclient objects started by openLink in this boot (each one stays in the heap until reboot). */
let starts = 0;

/**
 * Opens a TCP (or connected UDP) link and waits, inside a task, for the
 * connect result. On failure the socket object has already been closed and
 * cleaned. Each call that gets as far as `start()` leaves one object in the
 * heap until reboot (the leak, above): give it the boot's budget, and back
 * off between attempts.
 */
export function openLink(options: LinkOptions): LuaMultiReturn<[Link, undefined] | [undefined, OpenFailure]> {
    if (!socket.isReady()) return $multi(undefined, "no-network");
    const host = options.host;
    // The 2021 netclient refuses host names of 32 bytes or more (dotted quads of any length are fine).
    if (host.length === 0 || (host.length >= 32 && string.match(host, "^%d+%.%d+%.%d+%.%d+$")[0] === undefined)) return $multi(undefined, "bad-address");
    // The start budget, before the object exists: a refusal leaves nothing behind.
    // meminfo counts garbage not yet collected too, and Lua lets it pile up to
    // about as much again as is live: only after a full collection does the
    // figure say whether the live heap is over the limit. (A start is rare.)
    collectgarbage("collect");
    if (starts >= (options.maxStarts ?? starts + 1) || rtos.meminfo()[1] >= (options.maxUsedBytes ?? 0x7fffffff)) return $multi(undefined, "over-budget");
    // Allocation failure raises out of the firmware's constructor; caught here so the caller gets a reason.
    const [made, so] = pcall(options.udp === true ? socket.udp : socket.tcp);
    if (!made) return $multi(undefined, "no-memory");
    const id = so.id();
    const wake = "LINK_" + id;
    const link: Link = {
        id,
        so,
        state: "connecting",
        lines: newLineBuffer(options.maxLine ?? 256),
        received: 0,
        wake,
        onEnd: () => {
            link.state = "ended";
            sys.publish(wake);
        },
        sendFlags: options.sendFlags,
        cleaned: false,
    };
    so.on("connect", (_id, result) => {
        if (link.state === "connecting") link.state = result === 1 ? "open" : "ended";
        sys.publish(wake);
    });
    so.on("recv", (_id, data) => {
        pushData(link.lines, data);
        link.received += data.length;
        sys.publish(wake);
    });
    // An error ends the link like NETC_END does.
    so.on("error", link.onEnd);
    sys.subscribe("NETC_END_" + id, link.onEnd);
    if (options.rebindSockid !== undefined && !so.rebind(options.rebindSockid)) {
        log.warn("link", "rebind refused", options.rebindSockid);
    }
    starts += 1;
    if (so.start(host, options.port) !== 0) {
        closeLink(link);
        return $multi(undefined, "bad-address");
    }
    while (link.state === "connecting") {
        const [woken] = sys.waitUntil(wake, options.timeoutMs);
        if (!woken) {
            closeLink(link);
            return $multi(undefined, "timeout");
        }
    }
    if (link.state !== "open") {
        closeLink(link);
        return $multi(undefined, "failed");
    }
    return $multi(link, undefined);
}

/**
 * Sends data; false when the link is not open or the firmware refused it.
 * @param flags overrides the link's sendFlags for this send (NB-IoT RAI).
 */
export function sendData(link: Link, data: string, flags?: number): boolean {
    if (link.state !== "open") return false;
    return link.so.send(data, flags ?? link.sendFlags);
}

/**
 * Waits, inside a task, until something happens on the link (data, the end
 * of the connection, or a {@link wakeLink} from elsewhere) or `timeoutMs`
 * pass. Returns false on timeout.
 */
export function waitActivity(link: Link, timeoutMs: number): boolean {
    const [woken] = sys.waitUntil(link.wake, timeoutMs);
    return woken;
}

/** Wakes the task waiting on the link (from a timer or another task). */
export function wakeLink(link: Link): void {
    sys.publish(link.wake);
}

/** The next complete received line, without waiting; undefined when none is buffered. */
export function takeLine(link: Link): string | undefined {
    return nextLine(link.lines);
}

/** Whether the link is still connected. */
export function isOpen(link: Link): boolean {
    return link.state === "open";
}

/**
 * Closes the link and releases the socket object (so:close, so:clean, and
 * the NETC_END subscription). Safe to call more than once. Does not wait.
 */
export function closeLink(link: Link): void {
    if (link.cleaned) return;
    link.cleaned = true;
    link.state = "ended";
    link.so.close();
    link.so.clean();
    sys.unsubscribe("NETC_END_" + link.id, link.onEnd);
}
