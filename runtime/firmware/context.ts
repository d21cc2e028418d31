import type { DeviceClock } from "../clock.js";
import type { LuaState } from "../lua.js";
import type { Network } from "../net/network.js";
import type { BoardProfile } from "../board.js";
import type { TrafficLog } from "../traffic.js";
import type { DeviceFiles } from "../device-files.js";

/**
 * A message on the firmware's message bus. `rtos.receive` takes one and runs
 * it on the Lua main thread; it pushes what `rtos.receive` returns and
 * returns how many values it pushed (like the C handlers).
 */
export type BusMessage = (L: LuaState) => number;

/** Firmware log levels (luat_log.h). */
export const LOG_LEVEL = { DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, SILENT: 7 } as const;

/** A netclient object as the simulator tracks it (for "no socket left without clean()"). */
export interface SocketRecord {
    /** `so:id()`, lowercase hex. */
    id: string;
    host: string;
    port: number;
    protocol: "TCP" | "UDP";
    started: boolean;
    closed: boolean;
    cleaned: boolean;
    /** Events with a callback still registered. */
    callbacks: string[];
}

/**
 * What the emulated C modules of one booted Lua VM share: the state, the
 * clock, the network, the message bus and the serial port. A new context is
 * made for every boot; callbacks from a previous boot check {@link alive}.
 */
export interface FirmwareContext {
    readonly L: LuaState;
    /** The coroutine running main.lua: the device's "main thread". */
    readonly mainThread: LuaState;
    readonly clock: DeviceClock;
    readonly network: Network;
    readonly board: BoardProfile;
    /** The device's seed (DeviceOptions.seed, default 1): per-device values a real module reads from its hardware (mcu.unique_id) derive from it. */
    readonly seed: number;
    readonly traffic: TrafficLog;
    /** The device's flash (file system, fskv region): the same instance at every boot, so it survives reboots. */
    readonly files: DeviceFiles;
    /** Whether this VM is still the running one (false after a crash or reboot). */
    alive(): boolean;
    /** `rtos.receive`: takes a message from the bus, or waits (the device loop yields to the host). */
    readonly receive: (L: LuaState) => number;
    /** Puts a message on the bus (dropped with a warning when the bus is full). */
    post(message: BusMessage): void;
    /** Writes text to the serial port (print and log output); split into lines there. */
    write(text: string): void;
    /** A firmware C log line `L/tag text`, filtered by the log level. */
    clog(level: number, tag: string, text: string): void;
    /** The firmware log level (log.setLevel); shared by Lua and C logs. */
    logLevel: number;
    /** os.exit ran (the PC build's process is gone): the VM's end is not reported and nothing restarts it. */
    exited: boolean;
    /** Device wall clock (RTC): epoch milliseconds now. */
    epochMs(): number;
    /** Sets the RTC (ntpSync). */
    setEpochMs(epochMs: number): void;
    /** Restarts the device at once (rtos.reboot). */
    reboot(L: LuaState): void;
    /**
     * Stops the Lua thread for good, without a reset. Without `fault`: a C
     * call that never returns (a write to a pipe nothing drains, a kernel
     * assertion in the Lua thread): only the Lua thread stops, the rest of the
     * firmware runs on (connection threads finish, timers keep posting to the
     * bus, which nobody empties). With `fault`: a fault of the C code, the
     * device stops and it is recorded as a crash. `note` goes to the serial
     * port as a `[sim]` line. `L` is the running thread, when called from Lua.
     */
    halt(L: LuaState, note: string, fault?: boolean): void;
    /**
     * Blocks the Lua thread until `done()` or `limitMs` of device time pass,
     * letting the clock (timers, network) run meanwhile. Virtual mode only:
     * returns false when blocking is impossible (wall clock). C functions
     * use {@link waitInC}, which also blocks on the wall clock.
     */
    block(done: () => boolean, limitMs: number): boolean;
    /**
     * A C function that waits (tsend, a write to a full pipe, mdelay): blocks
     * the Lua thread until `done()` holds or `limitMs` of device time pass,
     * then finishes with `then(L)`. Use as `return ctx.waitInC(L, ...)`.
     * Virtual clock: waits in place ({@link block}). Wall clock: suspends the
     * Lua thread to the host (lua-suspend.ts) while the event loop runs;
     * where Lua cannot be suspended (a non-yieldable call such as a
     * metamethod or `require`), `then` runs at once with `done()` still false.
     * Something that makes `done()` true outside a clock event (a host
     * network callback) calls {@link wake}.
     */
    waitInC(L: LuaState, done: () => boolean, limitMs: number, then: (L: LuaState) => number): number;
    /** Wall clock: the device loop re-checks what a blocked C call waits for. */
    wake(): void;
    /** Sockets of this boot, for leak checks. */
    readonly sockets: SocketRecord[];
    /** Run when this VM ends (crash, reboot, dispose): close streams, cancel work. */
    onEnd(fn: () => void): void;
    /** Lua heap estimate: [total, used, max used] in bytes. */
    meminfo(): [number, number, number];
}

/**
 * A firmware generation: the set of C modules a given firmware provides
 * (the 2021 netclient firmware; later the current socket/zbuff API).
 * `install` defines the modules' globals in a fresh VM.
 */
export interface FirmwareGeneration {
    readonly name: string;
    install(ctx: FirmwareContext): void;
    /** Chunk name of a script file (`main.lua`) in error messages; default `@/main.lua`, the 2021 firmware's. */
    chunkName?(file: string): string;
    /** Where the script image is mounted, in the chunk names of required modules (`/luadb`); default: the root, as on the 2021 firmware. */
    scriptFolder?: string;
    /** What luat_main prints at boot and when the VM exits; default: the 2021 firmware's. */
    banners?: FirmwareBanners;
    /**
     * The Lua source luat_main runs with luaL_dostring to start main.lua (the
     * 2021 firmware: `require("main")`, so tracebacks end in that chunk, named
     * `[string "require("main")"]`, and require's frame). Default: main.lua
     * loaded from the script folder and called by luat_main's C function.
     */
    bootChunk?: string;
}

/** A line of the firmware's C log: level, tag, text. */
export interface CLogLine {
    level: number;
    tag: string;
    text: string;
}

/** The firmware's own lines around the Lua VM (luat_main.c): boot, an uncaught error, the VM's end. */
export interface FirmwareBanners {
    /** Lines before main.lua runs; `luaHeap` is the Lua pool as `rtos.meminfo()` says it then, `scriptFiles` the files of the script image. */
    boot(board: BoardProfile, luaHeap: [number, number, number], scriptFiles: number): CLogLine[];
    /**
     * What the serial port shows for an error main.lua did not catch: the
     * error object as tostring gives it (`message`, which may hold a
     * traceback) and whether lua_tostring gives it a text at all (`text`:
     * false for a table, a boolean...); `logLevel` is the C log level then.
     * `fault` when printing it makes the C code fault (the device stops
     * there: no "Lua VM exit" line, no reboot).
     */
    crash(error: { message: string; text: boolean }, logLevel: number): { text: string; fault?: string };
    /** The line when the VM has ended, and how long the firmware waits before it reboots. */
    exit(): { line: CLogLine; rebootMs: number };
}
