/**
 * `SimulatedDevice`: the device across boots. It owns the clock, the
 * network, the serial port and the records tests read; it runs the host
 * loop that resumes the current VM (vm-session.ts) and advances device
 * time, and it restarts the VM the way the firmware does after a crash, a
 * watchdog reset or `rtos.reboot()`.
 */
import { DeviceFiles } from "./device-files.js";
import { collectBuildFiles } from "../image/pack.js";
import * as path from "node:path";
import { LuaSourceMaps } from "../common/source-maps.js";
import { UserError } from "../common/user-error.js";
import { firmwareOf, type BoardProfile } from "./board.js";
import { DeviceClock } from "./clock.js";
import {
    resolveBoard,
    REBOOT_DELAY_MS,
    WATCHDOG_RESET_MS,
    type DeviceOptions,
    type LineSource,
    type LogLine,
    type Publication,
    type RunOptions,
    type RunResult,
} from "./device-options.js";
import { parseDuration } from "./duration.js";
import { firmwareError, type FirmwareError, type FirmwareErrorKind } from "./errors.js";
import { LOG_LEVEL, type BusMessage, type FirmwareGeneration, type SocketRecord } from "./firmware/context.js";
import { BANNERS_2021 } from "./firmware/netclient-2021/banners.js";
import { lauxlib, lua, S, pushValue, type DeviceValue, type LuaState } from "./lua.js";
import { validateBuildFolder } from "./modules.js";
import { HostNetwork } from "./net/host-network.js";
import type { Network } from "./net/network.js";
import { VirtualNetwork } from "./net/virtual-network.js";
import { watchPublish } from "./publish-watch.js";
import { attachPeripherals, VirtualPeripherals } from "./peripherals.js";
import { SerialPort } from "./serial.js";
import { TrafficLog, type Connection } from "./traffic.js";
import { VmSession, type Kill, type VmError, type VmHost } from "./vm-session.js";

export { REBOOT_DELAY_MS, VM_EXIT_REBOOT_MS, WATCHDOG_RESET_MS } from "./device-options.js";
export type { DeviceOptions, LineSource, LogLine, NetworkChoice, Publication, RunOptions, RunResult } from "./device-options.js";

/**
 * A simulated LuatOS device: the build's Lua runs unmodified in a Lua 5.3
 * VM (fengari); the firmware's C modules are emulated in TypeScript on a
 * device clock. Create it, `run` it for device time, read what it did.
 */
export class SimulatedDevice implements VmHost {
    readonly clock: DeviceClock;
    readonly network: Network;
    readonly board: BoardProfile;
    /** The device's seed (DeviceOptions.seed, default 1): its virtual network's draws and its identity (mcu.unique_id). */
    readonly seed: number;
    readonly buildDir: string;
    /** The device's file system: the build folder read-only, the firmware's writes kept across reboots. */
    readonly files: DeviceFiles;
    readonly sourceMaps: LuaSourceMaps;
    /** Crashes, watchdog stops and waits outside tasks, with TypeScript locations. */
    readonly errors: FirmwareError[] = [];
    /** Every sys.publish (Lua, C via sys_pub, host). */
    readonly publications: Publication[] = [];
    /** The device's socket traffic, per connection. */
    readonly traffic = new TrafficLog();
    /** Times the device restarted (crash, watchdog, rtos.reboot, host reboot). */
    reboots = 0;
    /**
     * The largest Lua heap estimate measured on any boot, in bytes of the
     * board's 32-bit model (figures are taken when the firmware asks, at
     * boot, and when the heap bound is checked).
     */
    heapHighWater = 0;

    /** @internal VmHost */
    readonly generation: FirmwareGeneration;
    /** @internal VmHost */
    readonly watchdogBudget: number;
    /** Bytes of estimated Lua heap past which the VM fails with "not enough memory" (undefined: no bound). */
    readonly heapLimit: number | undefined;
    /** @internal VmHost: the message bus. */
    readonly bus: BusMessage[] = [];

    private readonly options: DeviceOptions;
    private readonly serial: SerialPort;
    private vm: VmSession | undefined;
    private boots = 0;
    private until: RunOptions["until"];
    private stopOnCrash = false;
    private stopReason: RunResult["reason"] | undefined;
    private waker: (() => void) | undefined;
    private disposed = false;
    private rtcBaseMs = 0;
    /** Virtual hardware: Wi-Fi access points, pin levels, UART bytes, sensors (see runtime/peripherals.ts). */
    readonly peripherals: VirtualPeripherals;

    constructor(options: DeviceOptions) {
        this.options = options;
        this.buildDir = path.resolve(options.buildDir);
        validateBuildFolder(options.buildDir);
        this.files = new DeviceFiles(this.buildDir);
        this.board = resolveBoard(options.board);
        this.seed = options.seed ?? 1;
        this.generation = options.generation ?? firmwareOf(this.board);
        this.watchdogBudget = options.watchdogInstructions ?? 10_000_000;
        this.heapLimit = options.heapLimit === false ? undefined : (options.heapLimit ?? this.board.luaPool);
        this.sourceMaps = new LuaSourceMaps(this.buildDir, options.cwd ?? process.cwd());
        const choice = options.network ?? "virtual";
        this.clock = new DeviceClock(choice === "host" || (typeof choice === "function" && options.clock === "wall") ? "wall" : "virtual");
        this.clock.onSchedule = () => this.wake();
        this.peripherals = options.peripherals ?? new VirtualPeripherals();
        attachPeripherals(this.clock, this.peripherals);
        if (choice === "virtual") this.network = new VirtualNetwork(this.clock, { seed: this.seed });
        else if (choice === "host") this.network = new HostNetwork(this.clock, { dns: options.dns ?? {} });
        else this.network = choice(this.clock);
        this.serial = new SerialPort({
            now: () => this.clock.now(),
            boot: () => Math.max(0, this.boots - 1),
            firmwareLogs: options.firmwareLogs !== false,
            keep: options.keepLog !== false,
            onLine: line => this.onLine(line),
        });
        this.bootVm();
    }

    // ------------------------------------------------------------------
    // Test API: what the device did

    /** Every serial line so far (none when `keepLog: false`). */
    get log(): LogLine[] {
        return this.serial.lines;
    }

    /** Serial lines printed so far, kept or not. */
    get logLines(): number {
        return this.serial.count;
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

    // ------------------------------------------------------------------
    // Driving the device

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
        this.vm?.end();
        this.reboots += 1;
        this.bootVm();
    }

    /** Stops everything: closes sockets, drops timers and listeners. The device cannot run again. */
    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        this.vm?.end();
        this.vm = undefined;
        this.clock.clear();
        this.clock.onSchedule = undefined;
        this.network.dispose();
        this.wake();
    }

    // ------------------------------------------------------------------
    // The host loop

    private step(deadline: number): void {
        for (;;) {
            if (this.stopReason !== undefined || this.disposed) return;
            const vm = this.vm;
            if (vm !== undefined && vm.status === "ready") {
                this.resume(vm);
                continue;
            }
            const now = this.clock.now();
            // A timeout wakes the VM only after the events due before it ran (on the wall clock both can be late at once).
            const dueFirst = (this.clock.nextTime() ?? Infinity) <= (vm?.waitDeadline ?? -Infinity);
            if (vm !== undefined && vm.status === "waiting" && (this.bus.length > 0 || (now >= vm.waitDeadline && !dueFirst))) {
                vm.status = "ready";
                continue;
            }
            // A C call the Lua thread is blocked in (wall clock) returns when what it waits for happened, or at its limit.
            if (vm !== undefined && vm.status === "blocked" && (vm.blockOver() || (now >= vm.waitDeadline && !dueFirst))) {
                vm.status = "ready";
                continue;
            }
            const waitDeadline = vm !== undefined && (vm.status === "waiting" || vm.status === "blocked") ? vm.waitDeadline : Infinity;
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
        const wakeAt = Math.min(deadline, this.clock.nextTime() ?? Infinity, vm?.status === "waiting" || vm?.status === "blocked" ? vm.waitDeadline : Infinity);
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

    /** @internal VmHost */
    wake(): void {
        this.waker?.();
    }

    private resume(vm: VmSession): void {
        const turn = vm.resume();
        if (turn.kind === "killed") this.afterKill(vm, turn.kill);
        else if (turn.kind === "exit") this.vmExit(vm, turn.error);
    }

    // ------------------------------------------------------------------
    // Crash and reboot

    /** main.lua ended (returned or raised): the firmware logs, waits (30 s on the 2021 firmware) and reboots. */
    private vmExit(vm: VmSession, error?: VmError): void {
        if (vm.ctx.exited) {
            // After os.exit the PC build's process is gone: no report, no "Lua VM exit", no restart.
            vm.end();
            return;
        }
        const banners = this.generation.banners ?? BANNERS_2021;
        if (error !== undefined) {
            const report = banners.crash(error, vm.ctx.logLevel);
            this.write(report.text, "c");
            if (report.fault !== undefined) {
                // The C code faulted printing the report: the device stops there, as after any hard fault.
                this.write(`[sim] ${report.fault}\n`, "sim");
                this.recordError(vm, "crash", report.fault, error.traceback);
                this.afterKill(vm, "halt");
                return;
            }
            this.recordError(vm, "crash", error.message, error.traceback);
        }
        const exit = banners.exit();
        this.clog(vm, exit.line.level, exit.line.tag, exit.line.text);
        vm.end();
        if (error !== undefined && this.stopOnCrash) this.stopReason = "crash";
        this.rebootLater(vm, exit.rebootMs);
    }

    /** @internal VmHost: the host stopped Lua (rtos.reboot, watchdog, a wait outside a task, a halt or stall). */
    afterKill(vm: VmSession, kill: Kill): void {
        if (kill === "stall") {
            // Only the Lua thread hangs: connection threads and timers go on, their messages pile up on the bus.
            vm.stall();
            if (this.stopOnCrash) this.stopReason = "crash";
            return;
        }
        vm.end();
        if (kill === "halt") {
            if (this.stopOnCrash) this.stopReason = "crash";
            return;
        }
        if (kill === "reboot") {
            // Not at once: a firmware that reboots at boot must not spin at one instant of device time.
            this.clock.after(REBOOT_DELAY_MS, () => {
                if (this.vm !== vm || this.disposed) return;
                this.reboots += 1;
                this.bootVm();
            });
            return;
        }
        const error = this.errors[this.errors.length - 1];
        const delay = kill === "watchdog" ? WATCHDOG_RESET_MS : (this.generation.banners ?? BANNERS_2021).exit().rebootMs;
        this.write(`[sim] ${error?.message ?? kill}; the device restarts in ${delay / 1000}s\n`, "sim");
        if (this.stopOnCrash) this.stopReason = "crash";
        this.rebootLater(vm, delay);
    }

    private rebootLater(vm: VmSession, delay: number): void {
        if (this.options.rebootOnCrash === false) return;
        this.clock.after(delay, () => {
            if (this.vm !== vm || this.disposed) return;
            this.reboots += 1;
            this.bootVm();
        });
    }

    /** @internal VmHost */
    recordError(vm: VmSession, kind: FirmwareErrorKind, message: string, traceback: string): void {
        this.errors.push(firmwareError(this.sourceMaps, kind, this.clock.now(), vm.boot, message, traceback));
    }

    /** How many files the script image of this build holds (what packing it would store). */
    private scriptFileCount(): number {
        try {
            return collectBuildFiles(this.buildDir).length;
        } catch {
            return 1;
        }
    }

    private bootVm(): void {
        if (this.disposed) return;
        const boot = this.boots++;
        this.bus.length = 0;
        this.rtcBaseMs = (this.options.rtcEpochMs ?? 0) - this.clock.now();
        const vm = new VmSession(this, boot);
        this.vm = vm;
        for (const line of (this.generation.banners ?? BANNERS_2021).boot(this.board, vm.ctx.meminfo(), this.scriptFileCount())) this.clog(vm, line.level, line.tag, line.text);
        const failure = vm.load();
        if (failure !== undefined) this.vmExit(vm, failure);
    }

    // ------------------------------------------------------------------
    // VmHost: what a boot reaches of the device

    /** @internal VmHost */
    isCurrent(vm: VmSession): boolean {
        return this.vm === vm;
    }

    /** @internal VmHost */
    epochMs(): number {
        return this.rtcBaseMs + this.clock.now();
    }

    /** @internal VmHost */
    setEpochMs(epochMs: number): void {
        this.rtcBaseMs = epochMs - this.clock.now();
    }

    /** @internal VmHost */
    heapFigure(bytes: number): void {
        if (bytes > this.heapHighWater) this.heapHighWater = bytes;
    }

    /** @internal VmHost: records topics once sys is loaded. */
    sysLoaded(vm: VmSession, L: LuaState): void {
        watchPublish(L, (topic, args) => {
            this.publications.push({ timeMs: this.clock.now(), boot: vm.boot, topic, args });
            if (this.until?.topic !== undefined && this.until.topic === topic) this.stopReason ??= "topic";
        });
    }

    /** @internal VmHost */
    clog(vm: VmSession, level: number, tag: string, text: string): void {
        this.serial.clog(vm.ctx?.logLevel ?? LOG_LEVEL.DEBUG, level, tag, text);
    }

    /** @internal VmHost */
    write(text: string, source: LineSource = "lua"): void {
        this.serial.write(text, source);
    }

    private onLine(line: LogLine): void {
        this.options.onLog?.(line);
        const pattern = this.until?.log;
        if (pattern !== undefined && (typeof pattern === "string" ? line.text.includes(pattern) : pattern.test(line.text))) this.stopReason ??= "log";
    }
}

/** Boots a simulated device from a build folder (throws UserError for a bad folder). */
export function bootDevice(options: DeviceOptions): SimulatedDevice {
    return new SimulatedDevice(options);
}
