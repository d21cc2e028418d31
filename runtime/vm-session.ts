/**
 * One boot of the simulated device: a fresh Lua state with the firmware's C
 * modules, main.lua loaded on the device's main thread, and what stops it
 * from outside: the watchdog (a count hook charging instructions to the
 * current turn), the Lua heap bound, `rtos.reboot()`. The device
 * (device.ts) resumes it turn by turn and decides what follows its end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BoardProfile } from "./board.js";
import type { DeviceClock } from "./clock.js";
import { BUS_CAPACITY, type LineSource } from "./device-options.js";
import type { FirmwareErrorKind } from "./errors.js";
import { LOG_LEVEL, type BusMessage, type FirmwareContext, type FirmwareGeneration, type SocketRecord } from "./firmware/context.js";
import { HeapMeter, TURN_WORK } from "./heap-meter.js";
import { lauxlib, lua, S, bytesOf, textOf, tostringBytes, tracebackOf, type LuaState } from "./lua.js";
import { currentHeapModel } from "./heap-current.js";
import { heapModelForBoard } from "./memory.js";
import { chunkName, moduleFiles } from "./modules.js";
import { widenFloats } from "../image/bytecode.js";
import { trackTableShapes } from "./table-shapes.js";
import type { Network } from "./net/network.js";
import type { TrafficLog } from "./traffic.js";
import { createLuaState } from "./vm.js";
import { pushSuspendToken, ResumeChain } from "./lua-suspend.js";
import type { DeviceFiles } from "./device-files.js";

/** The count hook runs every this many instructions. */
export const HOOK_STEP = 1000;
/** The error C Lua raises when its allocator fails (lstate.h MEMERRMSG). */
export const MEMORY_ERROR = "not enough memory";

/**
 * Why the host stopped Lua from outside. `halt`: a fault of the C code, the
 * device stops; `stall`: a C call that never returns, only the Lua thread
 * stops (the firmware's other threads and its timers run on).
 */
export type Kill = "reboot" | "watchdog" | "wait-outside-task" | "halt" | "stall";

/** What a boot needs from the device that runs it. */
export interface VmHost {
    readonly buildDir: string;
    /** The device's file system, kept across boots. */
    readonly files: DeviceFiles;
    readonly clock: DeviceClock;
    readonly network: Network;
    readonly board: BoardProfile;
    /** The device's seed (DeviceOptions.seed). */
    readonly seed: number;
    readonly traffic: TrafficLog;
    readonly generation: FirmwareGeneration;
    /** Instructions a turn may run. */
    readonly watchdogBudget: number;
    /** Heap bound in bytes, undefined for none. */
    readonly heapLimit: number | undefined;
    /** The message bus (shared across boots, emptied at each). */
    readonly bus: BusMessage[];
    /** Whether this boot is still the device's running one. */
    isCurrent(vm: VmSession): boolean;
    /** Something arrived for Lua (a bus message): wake the host loop. */
    wake(): void;
    write(text: string, source?: LineSource): void;
    clog(vm: VmSession, level: number, tag: string, text: string): void;
    recordError(vm: VmSession, kind: FirmwareErrorKind, message: string, traceback: string): void;
    epochMs(): number;
    setEpochMs(epochMs: number): void;
    /** sys was required: wrap its publish. */
    sysLoaded(vm: VmSession, L: LuaState): void;
    /** The host stopped Lua outside a turn (a halt while the VM waits). */
    afterKill(vm: VmSession, kill: Kill): void;
    /** A heap figure was measured (for the high-water mark). */
    heapFigure(bytes: number): void;
}

/** An error that ended main.lua. */
export interface VmError {
    /** The error object as tostring gives it. */
    message: string;
    traceback: string;
    /** Whether lua_tostring gives the object a text (a string or a number), as the firmware's report needs. */
    text: boolean;
}

/** How a resume ended, for the device. */
export type TurnResult =
    | { kind: "waiting" }
    | { kind: "exit"; error?: VmError }
    | { kind: "killed"; kill: Kill };

/** One booted Lua VM of the device. */
export class VmSession {
    readonly L: LuaState;
    readonly main: LuaState;
    readonly ctx: FirmwareContext;
    readonly heap: HeapMeter;
    alive = true;
    /** `blocked`: suspended inside a waiting C call (wall clock, see {@link FirmwareContext.waitInC}). */
    status: "ready" | "running" | "waiting" | "blocked" | "halted" = "halted";
    /** Device time the current `rtos.receive` (or blocked C call) waits until. */
    waitDeadline = Infinity;
    /** What the blocked C call waits for. */
    private blockedOn: (() => boolean) | undefined;
    /** Who resumed the running coroutine (may the Lua thread suspend?). */
    private readonly resumeChain = new ResumeChain();
    /** Instructions of the current turn (reset at each `rtos.receive`). */
    private instructions = 0;
    killed: Kill | undefined;
    readonly sockets: SocketRecord[] = [];
    private readonly cleanups: (() => void)[] = [];

    constructor(
        private readonly host: VmHost,
        readonly boot: number,
    ) {
        const clock = host.clock;
        // Today's firmware on a board whose VM is known: its own figures (heap-current.ts), tables sized as C Lua sizes them.
        const luaVm = host.generation.name === "current" ? host.board.luaVm : undefined;
        if (luaVm !== undefined) trackTableShapes();
        this.L = createLuaState({
            buildDir: host.buildDir,
            numberBytes: host.board.numberBytes,
            pointerBytes: host.board.luaVm?.pointerBytes ?? 4,
            wideMinInteger: host.board.luaVm !== undefined && host.board.int32,
            files: host.files,
            mainThread: () => this.main,
            afterResume: L1 => {
                if (this.killed !== undefined && this.alive) this.killNow(L1, false);
            },
            waitInAsync: L1 => {
                this.recordError(L1, "wait-outside-task", "attempt to yield from outside a coroutine (sys.wait inside an async function: its coroutine is not a sys task)", 1);
                this.killed = "wait-outside-task";
            },
            heapKb: () => this.heap.used() / 1024,
            collected: () => this.heap.collected(),
            ...(host.generation.scriptFolder === undefined ? {} : { scriptFolder: host.generation.scriptFolder }),
            moduleLoaded: (L1, name) => {
                if (name === "sys") host.sysLoaded(this, L1);
            },
            resumeChain: this.resumeChain,
        });
        const L = this.L;
        const widths = { integerBytes: host.board.int32 ? 4 : 8, numberBytes: host.board.numberBytes } as const;
        this.heap = new HeapMeter(L, luaVm === undefined ? heapModelForBoard({ integerBytes: widths.integerBytes, numberBytes: widths.integerBytes }) : currentHeapModel({ ...widths, luaVm }), host.heapLimit, bytes => host.heapFigure(bytes));
        const session = this;
        const ctx: FirmwareContext = {
            L,
            get mainThread() {
                return session.main;
            },
            clock,
            network: host.network,
            board: host.board,
            seed: host.seed,
            traffic: host.traffic,
            files: host.files,
            alive: () => this.alive && host.isCurrent(this),
            receive: (L1: LuaState) => {
                const timeout = lauxlib.luaL_checkinteger(L1, 1) as number;
                return this.receiveStep(L1, timeout < 0 ? Infinity : clock.now() + timeout);
            },
            post: message => {
                if (!ctx.alive()) return;
                if (host.bus.length >= BUS_CAPACITY) {
                    host.write("[W/luat.msgbus] msgbus is FULL!!!!\n", "c");
                    return;
                }
                host.bus.push(message);
                host.wake();
            },
            write: text => host.write(text),
            clog: (level, tag, text) => host.clog(this, level, tag, text),
            logLevel: LOG_LEVEL.DEBUG,
            exited: false,
            epochMs: () => host.epochMs(),
            setEpochMs: epochMs => host.setEpochMs(epochMs),
            reboot: L1 => {
                this.killed = "reboot";
                this.killNow(L1, false);
            },
            halt: (L1, note, fault) => {
                if (!this.alive || this.killed !== undefined) return;
                host.write(`[sim] ${note}\n`, "sim");
                if (fault === true) host.recordError(this, "crash", note, "");
                const kill = fault === true ? "halt" : "stall";
                this.killed = kill;
                if (this.status === "running") this.killNow(L1, false);
                else host.afterKill(this, kill);
            },
            block: (done, limitMs) => {
                if (clock.mode !== "virtual") return false;
                const until = clock.now() + limitMs;
                while (!done()) {
                    const next = clock.nextTime();
                    if (next === undefined || next > until) break;
                    clock.runNext();
                }
                return true;
            },
            waitInC: (L1, done, limitMs, then) => {
                if (clock.mode === "virtual") {
                    ctx.block(done, limitMs);
                    return then(L1);
                }
                if (done() || !this.resumeChain.suspendable(L1, this.main)) return then(L1);
                this.status = "blocked";
                this.blockedOn = done;
                this.waitDeadline = clock.now() + limitMs;
                pushSuspendToken(L1);
                return lua.lua_yieldk(L1, 1, 0, (L2: LuaState) => then(L2)) as number;
            },
            wake: () => host.wake(),
            sockets: this.sockets,
            onEnd: fn => this.cleanups.push(fn),
            meminfo: () => {
                const used = this.alive ? this.heap.allocated() : 0;
                return [host.board.luaHeap, used, this.heap.maxAllocated];
            },
        };
        this.ctx = ctx;
        host.generation.install(ctx);
        lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, HOOK_STEP);
        this.main = lua.lua_newthread(L) as LuaState;
        // Anchored by name, not luaL_ref: the firmware's references start at 3 as on the device.
        lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, S("luatos-ts.main"));
        // main.lua is about to run: from here the heap figures carry the firmware's boot heap, not the simulator's.
        if (luaVm !== undefined) this.heap.rebase(luaVm.bootHeap);
    }

    /**
     * Puts main.lua on the main thread: the generation's boot chunk run by a
     * host function standing for luat_main's pmain (main.lua is then loaded
     * by `require`, and its errors are the first turn's), or main.lua itself.
     * Returns the error when main.lua cannot be loaded here (missing, syntax
     * error): the VM exits as the firmware's would.
     */
    load(): VmError | undefined {
        const bootChunk = this.host.generation.bootChunk;
        if (bootChunk !== undefined) {
            // luat_main's pmain runs the boot chunk (a string chunk named by its own text), which requires main.
            lua.lua_pushcfunction(this.main, (L: LuaState) => {
                const code = bytesOf(bootChunk);
                if (lauxlib.luaL_loadbufferx(L, code, code.length, code, null) !== lua.LUA_OK) return lua.lua_error(L) as number;
                lua.lua_callk(L, 0, 0, 0, () => 0);
                return 0;
            });
            this.status = "ready";
            return undefined;
        }
        // The firmware's searcher tries /main.luac before /main.lua (moduleFiles).
        const mainName = moduleFiles("main").find(name => fs.existsSync(path.join(this.host.buildDir, name)));
        if (mainName === undefined) return { message: "module 'main' not found", traceback: "", text: true };
        const bytes = widenFloats(fs.readFileSync(path.join(this.host.buildDir, mainName)), mainName);
        const loaded = this.heap.running(() => lauxlib.luaL_loadbufferx(this.main, bytes, bytes.length, bytesOf((this.host.generation.chunkName ?? chunkName)(mainName)), null));
        if (loaded !== lua.LUA_OK) {
            return { message: textOf(tostringBytes(this.main, -1)), traceback: "", text: true };
        }
        // Today's pmain calls main.lua from C (luat_main.c), so the main thread's tracebacks end in "[C]: in ?":
        // a host function standing for it calls main.lua (its only upvalue), with a continuation so Lua may yield.
        lua.lua_pushcclosure(
            this.main,
            (L: LuaState) => {
                lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
                lua.lua_callk(L, 0, 0, 0, () => 0);
                return 0;
            },
            1,
        );
        this.status = "ready";
        return undefined;
    }

    /** Whether the C call the Lua thread is blocked in may return (what it waits for happened). */
    blockOver(): boolean {
        return this.status === "blocked" && this.blockedOn !== undefined && this.blockedOn();
    }

    /** The Lua thread stays blocked in a C call for good (a stall): it is never resumed again. */
    stall(): void {
        this.status = "halted";
        this.blockedOn = undefined;
    }

    /** Runs Lua until it waits in `rtos.receive`, ends, or is stopped. */
    resume(): TurnResult {
        if (this.blockedOn !== undefined) {
            // Back from a blocked C call: the same turn goes on (the watchdog keeps counting), the token goes.
            this.blockedOn = undefined;
            lua.lua_settop(this.main, 0);
        } else this.instructions = 0;
        this.status = "running";
        const status = this.heap.running(() => lua.lua_resume(this.main, null, 0) as number);
        if (this.killed !== undefined) return { kind: "killed", kill: this.killed };
        if (status === lua.LUA_YIELD) {
            if (this.status === "running") {
                this.status = "waiting";
                this.waitDeadline = Infinity;
            }
            return { kind: "waiting" };
        }
        if (status === lua.LUA_OK) return { kind: "exit" };
        lua.lua_checkstack(this.main, 4);
        // What lua_tostring gives of the error object: strings and numbers only.
        const text = lua.lua_isstring(this.main, -1) as boolean;
        const message = textOf(tostringBytes(this.main, -1));
        return { kind: "exit", error: { message, traceback: tracebackOf(this.L, this.main, 0), text } };
    }

    /** Ends this VM: closes its sockets and timers. */
    end(): void {
        if (!this.alive) return;
        this.alive = false;
        this.status = "halted";
        this.host.bus.length = 0;
        for (const cleanup of this.cleanups.splice(0)) cleanup();
    }

    /** rtos.receive: one message from the bus, -1 on timeout, or wait (yield to the host). */
    private receiveStep(L: LuaState, deadline: number): number {
        this.instructions = 0;
        this.heap.ran(TURN_WORK);
        if (this.heap.overLimit()) this.raiseMemoryError(L);
        const bus = this.host.bus;
        const clock = this.host.clock;
        const message = bus.shift();
        if (message !== undefined) return message(L);
        if (clock.now() >= deadline || !this.alive) {
            lua.lua_pushinteger(L, -1);
            return 1;
        }
        if (L === this.main && lua.lua_isyieldable(L)) {
            this.status = "waiting";
            this.waitDeadline = deadline;
            return lua.lua_yieldk(L, 0, 0, (L1: LuaState) => this.receiveStep(L1, deadline)) as number;
        }
        // Called where the host cannot take over (inside require, a callback or a task): wait in place.
        this.ctx.block(() => bus.length > 0 || clock.now() >= deadline, Math.min(deadline - clock.now(), 3_600_000));
        const next = bus.shift();
        if (next !== undefined) return next(L);
        lua.lua_pushinteger(L, -1);
        return 1;
    }

    /** Raises C Lua's allocation failure in the running code: no position, like luaD_throw(L, LUA_ERRMEM). */
    private raiseMemoryError(L: LuaState): never {
        lua.lua_pushstring(L, S(MEMORY_ERROR));
        lua.lua_error(L);
        throw new Error("unreachable");
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
        if (!this.alive) return;
        if (this.killed !== undefined) return this.killNow(L, true);
        this.instructions += HOOK_STEP;
        this.heap.ran(HOOK_STEP);
        if (this.instructions > this.host.watchdogBudget) {
            const budget = this.host.watchdogBudget;
            this.recordError(L, "watchdog", `watchdog: a task ran ${budget} instructions without yielding`, 0);
            this.killed = "watchdog";
            this.killNow(L, true);
            return;
        }
        if (this.heap.overLimit()) this.raiseMemoryError(L);
    };

    private recordError(L: LuaState, kind: FirmwareErrorKind, message: string, level: number): void {
        this.host.recordError(this, kind, message, tracebackOf(L, L, level));
    }
}
