/**
 * Types of luatos-2021-fake.lua (beside this file): the 2021 LuatOS C
 * layer's `rtos` and `log` on a virtual clock, in native Lua 5.3, for
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
