import * as fs from "node:fs";
import * as path from "node:path";
import { LuaSourceMaps } from "../common/source-maps.js";
import { UserError } from "../common/user-error.js";
import { BOARDS, DEFAULT_BOARD, type BoardProfile } from "./board.js";
import { DeviceClock } from "./clock.js";
import { parseDuration } from "./duration.js";
import { firmwareError, type FirmwareError, type FirmwareErrorKind } from "./errors.js";
import { LOG_LEVEL, type BusMessage, type FirmwareContext, type FirmwareGeneration, type SocketRecord } from "./firmware/context.js";
import { netclient2021 } from "./firmware/netclient-2021/index.js";
import { lauxlib, lua, S, bytesOf, pushValue, textOf, tostringBytes, type DeviceValue, type LuaState } from "./lua.js";
import { estimateHeap } from "./memory.js";
import { chunkName, validateBuildFolder } from "./modules.js";
import { HostNetwork } from "./net/host-network.js";
import type { Network, Scheduler } from "./net/network.js";
import { VirtualNetwork } from "./net/virtual-network.js";
import { TrafficLog, type Connection } from "./traffic.js";
import { createLuaState } from "./vm.js";

/** Which network the device talks to. */
export type NetworkChoice = "virtual" | "host" | ((scheduler: Scheduler) => Network);

export interface DeviceOptions {
    /** The script folder: build/lua (main.lua, sys.lua, modules, source maps). */
    buildDir: string;
    /** "virtual" (default; in process, deterministic), "host" (real sockets, wall clock), or a factory. */
    network?: NetworkChoice;
    /** Seed of the virtual network's random draws. Default 1. */
    seed?: number;
    /** Host network: NAME -> IPv4 overrides. */
    dns?: Record<string, string>;
    /** Clock for a network factory: "virtual" (default) or "wall". */
    clock?: "virtual" | "wall";
    /** Board profile name or object. Default "air640w". */
    board?: string | BoardProfile;
    /** Firmware generation (set of C modules). Default: the 2021 netclient firmware. */
    generation?: FirmwareGeneration;
    /** Reboot after a crash like the device (default true); false leaves it halted. */
    rebootOnCrash?: boolean;
    /** Lua instructions a turn may run before the watchdog stops it. Default 10 million (about a third of a second of fengari time). */
    watchdogInstructions?: number;
    /** Folder that TypeScript paths in errors are relative to. Default: cwd. */
    cwd?: string;
    /** Include the firmware's own C log lines (`I/luat.netc ...`). Default true. */
    firmwareLogs?: boolean;
    /** Called for every serial line as it is printed. */
    onLog?: (line: LogLine) => void;
    /** RTC value (epoch ms) at each boot before NTP sets it. Default 0 (1970, an RT-Thread soft RTC). */
    rtcEpochMs?: number;
}

/** One line of the serial port. */
export interface LogLine {
    /** Device time in ms since the simulation started. */
    timeMs: number;
    /** Boot number (0 first). */
    boot: number;
    text: string;
}

/** A topic published through sys.publish (by Lua, the C layer via sys_pub, or the host). */
export interface Publication {
    timeMs: number;
    boot: number;
    topic: string;
    /** Arguments: strings, numbers, booleans, null for nil, a `tostring` text for other values. */
    args: (string | number | boolean | null)[];
}

export interface RunOptions {
    /** Stop as soon as this topic is published, or a log line matches. */
    until?: { topic?: string; log?: string | RegExp };
    /** Stop when the firmware crashes (the CLI without --reboot). */
    stopOnCrash?: boolean;
}

export interface RunResult {
    reason: "duration" | "topic" | "log" | "crash" | "disposed";
    /** Device time when the run stopped. */
    timeMs: number;
}

/** The message bus holds 4 KB of 12-byte messages. */
const BUS_CAPACITY = Math.floor(4096 / 12);
/** The count hook runs every this many instructions. */
const HOOK_STEP = 1000;
/** The hardware watchdog of the RT-Thread port (wdg_timeout, 15 s): a stuck Lua thread resets the chip this much later. */
export const WATCHDOG_RESET_MS = 15_000;
/** luat_main: "Lua VM exit!! reboot in 30s". */
export const VM_EXIT_REBOOT_MS = 30_000;

type Kill = "reboot" | "watchdog" | "wait-outside-task";

interface Vm {
    boot: number;
    L: LuaState;
    main: LuaState;
    ctx: FirmwareContext;
    alive: boolean;
    status: "ready" | "running" | "waiting" | "halted";
    waitDeadline: number;
    instructions: number;
    killed: Kill | undefined;
    cleanups: (() => void)[];
    sockets: SocketRecord[];
    maxHeap: number;
}

/**
 * A simulated LuatOS device: the build's Lua runs unmodified in a Lua 5.3
 * VM (fengari); the firmware's C modules are emulated in TypeScript on a
 * device clock. Create it, `run` it for device time, read what it did.
 */
export class SimulatedDevice {
    readonly clock: DeviceClock;
    readonly network: Network;
    readonly board: BoardProfile;
    readonly buildDir: string;
    readonly sourceMaps: LuaSourceMaps;
    /** Every serial line so far. */
    readonly log: LogLine[] = [];
    /** Crashes, watchdog stops and waits outside tasks, with TypeScript locations. */
    readonly errors: FirmwareError[] = [];
    /** Every sys.publish (Lua, C via sys_pub, host). */
    readonly publications: Publication[] = [];
    /** The device's socket traffic, per connection. */
    readonly traffic = new TrafficLog();
    /** Times the device restarted (crash, watchdog, rtos.reboot, host reboot). */
    reboots = 0;

    private readonly options: DeviceOptions;
    private readonly generation: FirmwareGeneration;
    private readonly watchdogBudget: number;
    private vm: Vm | undefined;
    private readonly bus: BusMessage[] = [];
    private boots = 0;
    private partialLine = "";
    private until: RunOptions["until"];
    private stopOnCrash = false;
    private stopReason: RunResult["reason"] | undefined;
    private waker: (() => void) | undefined;
    private disposed = false;
    private rtcBaseMs = 0;

    constructor(options: DeviceOptions) {
        this.options = options;
        this.buildDir = path.resolve(options.buildDir);
        validateBuildFolder(options.buildDir);
        const board = options.board ?? DEFAULT_BOARD;
        if (typeof board === "string") {
            const found = BOARDS[board];
            if (found === undefined) throw new UserError(`unknown board "${board}": known boards are ${Object.keys(BOARDS).join(", ")}`);
            this.board = found;
        } else this.board = board;
        this.generation = options.generation ?? netclient2021;
        this.watchdogBudget = options.watchdogInstructions ?? 10_000_000;
        this.sourceMaps = new LuaSourceMaps(this.buildDir, options.cwd ?? process.cwd());
        const choice = options.network ?? "virtual";
        this.clock = new DeviceClock(choice === "host" || (typeof choice === "function" && options.clock === "wall") ? "wall" : "virtual");
        this.clock.onSchedule = () => this.wake();
        if (choice === "virtual") this.network = new VirtualNetwork(this.clock, { seed: options.seed ?? 1 });
        else if (choice === "host") this.network = new HostNetwork(this.clock, { dns: options.dns ?? {} });
        else this.network = choice(this.clock);
        this.bootVm();
    }

    /** Device time in ms since the simulation started. */
    get now(): number {
        return this.clock.now();
    }

    /** The virtual network (undefined for host mode or a custom network). */
    get virtualNetwork(): VirtualNetwork | undefined {
        return this.network instanceof VirtualNetwork ? this.network : undefined;
    }

    /** The serial output as text, one line per log line. */
    logText(): string {
        return this.log.map(l => l.text).join("\n");
    }

    /** Crashes so far (errors that ended the VM). */
    get crashes(): number {
        return this.errors.filter(e => e.kind === "crash").length;
    }

    /** Connections (and tsend calls) the device made, with the bytes sent and received. */
    get connections(): Connection[] {
        return this.traffic.connections;
    }

    /** Netclient objects of the current boot. */
    sockets(): SocketRecord[] {
        return this.vm?.sockets ?? [];
    }

    /** Netclient objects of the current boot on which clean() was never called. */
    unreleasedSockets(): SocketRecord[] {
        return this.sockets().filter(s => !s.cleaned);
    }

    /** `rtos.meminfo()` of the running VM: estimated bytes in use and the peak seen. */
    meminfo(): { total: number; used: number; maxUsed: number } {
        const vm = this.vm;
        if (vm === undefined || !vm.alive) return { total: this.board.luaHeap, used: 0, maxUsed: 0 };
        const [total, used, maxUsed] = vm.ctx.meminfo();
        return { total, used, maxUsed };
    }

    /**
     * Runs the device for `duration` of device time ("10s", "24h" or ms), or
     * until a condition in `options.until` holds. In virtual mode this takes
     * as long as the Lua work, not the device time.
     */
    async run(duration: number | string, options: RunOptions = {}): Promise<RunResult> {
        const ms = typeof duration === "string" ? parseDuration(duration) : duration;
        if (!(ms >= 0)) throw new UserError(`run duration must be a non-negative number of ms, got ${ms}`);
        const deadline = this.clock.now() + ms;
        this.until = options.until;
        this.stopOnCrash = options.stopOnCrash ?? false;
        this.stopReason = undefined;
        try {
            for (;;) {
                if (this.disposed) return { reason: "disposed", timeMs: this.clock.now() };
                this.step(deadline);
                if (this.stopReason !== undefined) return { reason: this.stopReason, timeMs: this.clock.now() };
                if (this.clock.now() >= deadline) return { reason: "duration", timeMs: this.clock.now() };
                if (this.clock.mode === "virtual") throw new Error("device loop stopped before its deadline");
                await this.sleep(deadline);
            }
        } finally {
            this.until = undefined;
        }
    }

    /** Runs until `topic` is published or `within` passes; true when it was published. */
    async runUntilTopic(topic: string, within: number | string): Promise<boolean> {
        return (await this.run(within, { until: { topic } })).reason === "topic";
    }

    /** Runs until a log line matches or `within` passes; true when one matched. */
    async runUntilLog(pattern: string | RegExp, within: number | string): Promise<boolean> {
        return (await this.run(within, { until: { log: pattern } })).reason === "log";
    }

    /**
     * Publishes a topic into the device the way C code does: a bus message
     * that calls `sys_pub(topic, ...)` on the main thread. Returns false when
     * the VM is not running.
     */
    publish(topic: string, ...args: DeviceValue[]): boolean {
        const vm = this.vm;
        if (vm === undefined || !vm.alive) return false;
        vm.ctx.post(L => {
            lua.lua_getglobal(L, S("sys_pub"));
            if (!lua.lua_isfunction(L, -1)) {
                lua.lua_pop(L, 1);
                return 0;
            }
            pushValue(L, topic);
            for (const arg of args) pushValue(L, arg);
            lua.lua_call(L, args.length + 1, 0);
            return 0;
        });
        return true;
    }

    /**
     * Crashes the firmware the way a failing C message handler does on the
     * device: a Lua error raised from inside `rtos.receive` escapes
     * `sys.run()`, the VM exits and the device reboots after the firmware's
     * delay. For fault-injection tests. Returns false when the VM is not running.
     */
    crash(message = "injected crash"): boolean {
        const vm = this.vm;
        if (vm === undefined || !vm.alive) return false;
        vm.ctx.post(L => lauxlib.luaL_error(L, S(message)) as number);
        return true;
    }

    /** Restarts the device now (like pressing reset): main.lua runs again in a fresh VM. */
    reboot(): void {
        if (this.vm !== undefined) this.endVm(this.vm);
        this.reboots += 1;
        this.bootVm();
    }

    /** Stops everything: closes sockets, drops timers and listeners. The device cannot run again. */
    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        if (this.vm !== undefined) this.endVm(this.vm);
        this.vm = undefined;
        this.clock.clear();
        this.clock.onSchedule = undefined;
        this.network.dispose();
        this.wake();
    }

    // ------------------------------------------------------------------
    // The device loop

    private step(deadline: number): void {
        for (;;) {
            if (this.stopReason !== undefined || this.disposed) return;
            const vm = this.vm;
            if (vm !== undefined && vm.status === "ready") {
                this.resume(vm);
                continue;
            }
            const now = this.clock.now();
            if (vm !== undefined && vm.status === "waiting" && (this.bus.length > 0 || now >= vm.waitDeadline)) {
                vm.status = "ready";
                continue;
            }
            const waitDeadline = vm !== undefined && vm.status === "waiting" ? vm.waitDeadline : Infinity;
            const limit = Math.min(deadline, waitDeadline);
            const next = this.clock.nextTime();
            if (next !== undefined && next <= limit) {
                if (this.clock.mode === "wall" && next > now) return;
                this.clock.runNext();
                continue;
            }
            if (this.clock.mode === "wall") return;
            this.clock.advanceTo(limit);
            if (limit >= deadline) return;
        }
    }

    private sleep(deadline: number): Promise<void> {
        const vm = this.vm;
        const wakeAt = Math.min(deadline, this.clock.nextTime() ?? Infinity, vm?.status === "waiting" ? vm.waitDeadline : Infinity);
        if (this.bus.length > 0 && vm?.status === "waiting") return Promise.resolve();
        return new Promise(resolve => {
            const done = () => {
                clearTimeout(timer);
                this.waker = undefined;
                resolve();
            };
            const timer = setTimeout(done, Math.max(0, wakeAt - this.clock.now()));
            this.waker = done;
        });
    }

    private wake(): void {
        this.waker?.();
    }

    private resume(vm: Vm): void {
        vm.status = "running";
        vm.instructions = 0;
        const status = lua.lua_resume(vm.main, null, 0) as number;
        if (vm.killed !== undefined) return this.afterKill(vm);
        if (status === lua.LUA_YIELD) {
            if (vm.status === "running") {
                vm.status = "waiting";
                vm.waitDeadline = Infinity;
            }
            return;
        }
        if (status === lua.LUA_OK) return this.vmExit(vm);
        lua.lua_checkstack(vm.main, 4);
        const message = textOf(tostringBytes(vm.main, -1));
        lauxlib.luaL_traceback(vm.L, vm.main, null, 0);
        const traceback = textOf(lua.lua_tolstring(vm.L, -1) as Uint8Array);
        lua.lua_pop(vm.L, 1);
        this.vmExit(vm, { message, traceback });
    }

    /** main.lua ended (returned or raised): the firmware logs, waits 30 s and reboots. */
    private vmExit(vm: Vm, error?: { message: string; traceback: string }): void {
        if (error !== undefined) {
            this.write(`LUAT: ${error.message}\n`);
            this.recordError(vm, "crash", error.message, error.traceback);
        }
        this.clog(vm, LOG_LEVEL.ERROR, "luat.main", `Lua VM exit!! reboot in ${VM_EXIT_REBOOT_MS / 1000}s`);
        this.endVm(vm);
        if (error !== undefined && this.stopOnCrash) this.stopReason = "crash";
        if (this.options.rebootOnCrash !== false) {
            this.clock.after(VM_EXIT_REBOOT_MS, () => {
                if (this.vm !== vm || this.disposed) return;
                this.reboots += 1;
                this.bootVm();
            });
        }
    }

    private afterKill(vm: Vm): void {
        const kill = vm.killed!;
        this.endVm(vm);
        if (kill === "reboot") {
            this.reboots += 1;
            this.bootVm();
            return;
        }
        const error = this.errors[this.errors.length - 1];
        const delay = kill === "watchdog" ? WATCHDOG_RESET_MS : VM_EXIT_REBOOT_MS;
        this.write(`[sim] ${error?.message ?? kill}; the device restarts in ${delay / 1000}s\n`);
        if (this.stopOnCrash) this.stopReason = "crash";
        if (this.options.rebootOnCrash !== false) {
            this.clock.after(delay, () => {
                if (this.vm !== vm || this.disposed) return;
                this.reboots += 1;
                this.bootVm();
            });
        }
    }

    private endVm(vm: Vm): void {
        if (!vm.alive) return;
        vm.alive = false;
        vm.status = "halted";
        this.bus.length = 0;
        for (const cleanup of vm.cleanups.splice(0)) cleanup();
    }

    /** Stops Lua on thread `L` at once: yield towards the host, or raise where yielding is impossible. */
    private killNow(L: LuaState, fromHook: boolean): void {
        lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, 1);
        if (lua.lua_isyieldable(L)) {
            lua.lua_yield(L, 0);
            if (fromHook) return;
        }
        lua.lua_pushstring(L, S("device reset"));
        lua.lua_error(L);
    }

    private readonly hook = (L: LuaState): void => {
        const vm = this.vm;
        if (vm === undefined || !vm.alive) return;
        if (vm.killed !== undefined) return this.killNow(L, true);
        vm.instructions += HOOK_STEP;
        if (vm.instructions <= this.watchdogBudget) return;
        const message = `watchdog: a task ran ${this.watchdogBudget} instructions without yielding`;
        lauxlib.luaL_traceback(L, L, null, 0);
        const traceback = textOf(lua.lua_tolstring(L, -1) as Uint8Array);
        lua.lua_pop(L, 1);
        this.recordError(vm, "watchdog", message, traceback);
        vm.killed = "watchdog";
        this.killNow(L, true);
    };

    private recordError(vm: Vm, kind: FirmwareErrorKind, message: string, traceback: string): void {
        this.errors.push(firmwareError(this.sourceMaps, kind, this.clock.now(), vm.boot, message, traceback));
    }

    // ------------------------------------------------------------------
    // Boot

    private bootVm(): void {
        if (this.disposed) return;
        const boot = this.boots++;
        this.bus.length = 0;
        this.rtcBaseMs = (this.options.rtcEpochMs ?? 0) - this.clock.now();
        let L!: LuaState;
        const vm: Vm = {
            boot,
            L: undefined as unknown as LuaState,
            main: undefined as unknown as LuaState,
            ctx: undefined as unknown as FirmwareContext,
            alive: true,
            status: "halted",
            waitDeadline: Infinity,
            instructions: 0,
            killed: undefined,
            cleanups: [],
            sockets: [],
            maxHeap: 0,
        };
        this.vm = vm;
        L = createLuaState({
            buildDir: this.buildDir,
            mainThread: () => vm.main,
            afterResume: L1 => {
                if (vm.killed !== undefined && vm.alive) this.killNow(L1, false);
            },
            waitInAsync: L1 => {
                lauxlib.luaL_traceback(L1, L1, null, 1);
                const traceback = textOf(lua.lua_tolstring(L1, -1) as Uint8Array);
                lua.lua_pop(L1, 1);
                this.recordError(vm, "wait-outside-task", "attempt to yield from outside a coroutine (sys.wait inside an async function: its coroutine is not a sys task)", traceback);
                vm.killed = "wait-outside-task";
            },
            heapKb: () => vm.ctx.meminfo()[1] / 1024,
            moduleLoaded: (L1, name) => {
                if (name === "sys") this.watchPublish(vm, L1);
            },
        });
        vm.L = L;
        const device = this;
        const ctx: FirmwareContext = {
            L,
            get mainThread() {
                return vm.main;
            },
            clock: this.clock,
            network: this.network,
            board: this.board,
            traffic: this.traffic,
            alive: () => vm.alive && this.vm === vm,
            receive: (L1: LuaState) => {
                const timeout = lauxlib.luaL_checkinteger(L1, 1) as number;
                return this.receiveStep(vm, L1, timeout < 0 ? Infinity : this.clock.now() + timeout);
            },
            post: message => {
                if (!ctx.alive()) return;
                if (this.bus.length >= BUS_CAPACITY) {
                    this.write("[W/luat.msgbus] msgbus is FULL!!!!\n");
                    return;
                }
                this.bus.push(message);
                this.wake();
            },
            write: text => this.write(text),
            clog: (level, tag, text) => this.clog(vm, level, tag, text),
            logLevel: LOG_LEVEL.DEBUG,
            epochMs: () => this.rtcBaseMs + this.clock.now(),
            setEpochMs: epochMs => {
                device.rtcBaseMs = epochMs - this.clock.now();
            },
            reboot: L1 => {
                vm.killed = "reboot";
                this.killNow(L1, false);
            },
            block: (done, limitMs) => {
                if (this.clock.mode !== "virtual") return false;
                const until = this.clock.now() + limitMs;
                while (!done()) {
                    const next = this.clock.nextTime();
                    if (next === undefined || next > until) break;
                    this.clock.runNext();
                }
                return true;
            },
            sockets: vm.sockets,
            onEnd: fn => vm.cleanups.push(fn),
            meminfo: () => {
                const used = vm.alive ? estimateHeap(L) : 0;
                vm.maxHeap = Math.max(vm.maxHeap, used);
                return [this.board.luaHeap, used, vm.maxHeap];
            },
        };
        vm.ctx = ctx;
        this.generation.install(ctx);
        lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, HOOK_STEP);
        vm.main = lua.lua_newthread(L) as LuaState;
        lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);

        this.clog(vm, LOG_LEVEL.INFO, "luat.main", `LuatOS@${this.board.bsp} ${this.board.version}, Build: ${this.board.buildDate} 00:00:00`);
        const [total, used, max] = ctx.meminfo();
        this.clog(vm, LOG_LEVEL.DEBUG, "luat.main", `luavm ${total} ${used} ${max}`);
        this.clog(vm, LOG_LEVEL.DEBUG, "luat.main", `sys   ${this.board.sysHeap[0]} ${this.board.sysHeap[1]} ${this.board.sysHeap[1]}`);

        const mainFile = path.join(this.buildDir, "main.lua");
        const bytes = fs.existsSync(mainFile) ? fs.readFileSync(mainFile) : undefined;
        if (bytes === undefined) {
            this.vmExit(vm, { message: "module 'main' not found", traceback: "" });
            return;
        }
        if (lauxlib.luaL_loadbufferx(vm.main, bytes, bytes.length, bytesOf(chunkName("main.lua")), null) !== lua.LUA_OK) {
            const message = textOf(tostringBytes(vm.main, -1));
            this.vmExit(vm, { message, traceback: "" });
            return;
        }
        vm.status = "ready";
    }

    /** rtos.receive: one message from the bus, -1 on timeout, or wait (yield to the host). */
    private receiveStep(vm: Vm, L: LuaState, deadline: number): number {
        vm.instructions = 0;
        const message = this.bus.shift();
        if (message !== undefined) return message(L);
        if (this.clock.now() >= deadline || !vm.alive) {
            lua.lua_pushinteger(L, -1);
            return 1;
        }
        if (L === vm.main && lua.lua_isyieldable(L)) {
            vm.status = "waiting";
            vm.waitDeadline = deadline;
            return lua.lua_yieldk(L, 0, 0, (L1: LuaState) => this.receiveStep(vm, L1, deadline)) as number;
        }
        // Called where the host cannot take over (inside require, a callback or a task): wait in place.
        vm.ctx.block(() => this.bus.length > 0 || this.clock.now() >= deadline, Math.min(deadline - this.clock.now(), 3_600_000));
        const next = this.bus.shift();
        if (next !== undefined) return next(L);
        lua.lua_pushinteger(L, -1);
        return 1;
    }

    /** Wraps sys.publish (and sys_pub when it is the same function) to record topics. */
    private watchPublish(vm: Vm, L: LuaState): void {
        if (!lua.lua_istable(L, -1)) return;
        lua.lua_getfield(L, -1, S("publish"));
        if (!lua.lua_isfunction(L, -1)) {
            lua.lua_pop(L, 1);
            return;
        }
        lua.lua_getglobal(L, S("sys_pub"));
        const sameHook = lua.lua_rawequal(L, -1, -2) as boolean;
        lua.lua_pop(L, 1);
        lua.lua_pushcclosure(
            L,
            (L1: LuaState) => {
                const n = lua.lua_gettop(L1) as number;
                const args: Publication["args"] = [];
                for (let i = 1; i <= n; i += 1) {
                    const type = lua.lua_type(L1, i) as number;
                    if (type === lua.LUA_TNIL) args.push(null);
                    else if (type === lua.LUA_TBOOLEAN) args.push(lua.lua_toboolean(L1, i) as boolean);
                    else if (type === lua.LUA_TNUMBER) args.push(lua.lua_tonumber(L1, i) as number);
                    else args.push(textOf(tostringBytes(L1, i)));
                }
                const topic = String(args.shift() ?? "nil");
                this.publications.push({ timeMs: this.clock.now(), boot: vm.boot, topic, args });
                if (this.until?.topic !== undefined && this.until.topic === topic) this.stopReason ??= "topic";
                lua.lua_pushvalue(L1, lua.lua_upvalueindex(1));
                lua.lua_insert(L1, 1);
                lua.lua_call(L1, n, lua.LUA_MULTRET);
                return lua.lua_gettop(L1) as number;
            },
            1,
        );
        if (sameHook) {
            lua.lua_pushvalue(L, -1);
            lua.lua_setglobal(L, S("sys_pub"));
        }
        lua.lua_setfield(L, -2, S("publish"));
    }

    // ------------------------------------------------------------------
    // Serial port

    private clog(vm: Vm, level: number, tag: string, text: string): void {
        if (this.options.firmwareLogs === false) return;
        if ((vm.ctx?.logLevel ?? LOG_LEVEL.DEBUG) > level) return;
        const letter = level === LOG_LEVEL.DEBUG ? "D" : level === LOG_LEVEL.INFO ? "I" : level === LOG_LEVEL.WARN ? "W" : level === LOG_LEVEL.ERROR ? "E" : "?";
        this.write(`${letter}/${tag} ${text}\n`);
    }

    private write(text: string): void {
        // fengari names JavaScript frames "[JS]"; the firmware's are C functions.
        const parts = (this.partialLine + text.replaceAll("[JS]:", "[C]:")).split("\n");
        this.partialLine = parts.pop()!;
        const boot = Math.max(0, this.boots - 1);
        for (const raw of parts) {
            const line: LogLine = { timeMs: this.clock.now(), boot, text: raw.replace(/\r$/, "") };
            this.log.push(line);
            this.options.onLog?.(line);
            const pattern = this.until?.log;
            if (pattern !== undefined && (typeof pattern === "string" ? line.text.includes(pattern) : pattern.test(line.text))) this.stopReason ??= "log";
        }
    }
}

/** Boots a simulated device from a build folder (throws UserError for a bad folder). */
export function bootDevice(options: DeviceOptions): SimulatedDevice {
    return new SimulatedDevice(options);
}
