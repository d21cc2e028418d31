/**
 * A fake LuatOS C layer for busted specs on native Lua 5.3: `rtos` with a
 * virtual clock and timer queue, `log` that records lines instead of
 * printing, and a way to run C-side events from inside `rtos.receive` (where
 * the firmware calls socket callbacks). Specs of the toolkit's sys, the
 * connection helper and the firmware's pure logic share it.
 *
 * Nothing here sleeps: `rtos.receive` jumps the clock to the next due timer
 * or event. `runFor(ms)` drives `sys.run()` until the clock would pass
 * `now + ms`, then stops it by raising a private sentinel that it catches.
 */

/** A C-side event (a socket callback, a firmware publish) due at a device time. */
interface DeviceEvent {
    due: number;
    seq: number;
    fn: (this: void) => void;
}

/** An `rtos` timer as the firmware keeps it. */
interface FakeTimer {
    id: number;
    ms: number;
    /** 0 one shot, -1 for ever, n > 0: n more times (counts down like the C code). */
    repeat: number;
    due: number;
    seq: number;
}

/** The sys module as `require("sys")` returns it. */
export type SysModule = typeof sys;

/** A fake device: install its C modules as globals, load sys, run. */
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
    /**
     * Run `sys.run()` until the device clock reaches `now + ms`. Returns
     * the error that left `sys.run()` (as the firmware would see it end the
     * VM), or undefined when the time simply ran out.
     */
    runFor(this: void, ms: number): unknown;
}

/** Raised by the fake `rtos.receive` to stop `sys.run()` when the test's time is up. */
const STOP = { stop: "time is up" };

/** Joins log values the way the firmware's log module does. */
function logLine(level: string, tag: unknown, ...values: unknown[]): string | undefined {
    if (select("#", ...values) === 0) return undefined; // fewer than 2 arguments: the firmware prints nothing
    let line = `${level}/user.${tostring(tag)}`;
    const n = select("#", ...values);
    for (let i = 1; i <= n; i++) {
        const [value] = select(i, ...values);
        line = line + "\t" + tostring(value);
    }
    return line;
}

/**
 * Creates a fake device and installs its `rtos` and `log` as globals
 * (replacing those of an earlier device).
 */
export function createFakeDevice(this: void): FakeDevice {
    let clock = 0;
    let seq = 0;
    let limit = 0;
    let rebootCount = 0;
    const timers: FakeTimer[] = [];
    const events: DeviceEvent[] = [];
    const logs: string[] = [];

    function removeTimer(id: number): void {
        for (let i = 0; i < timers.length; i++) {
            if (timers[i]!.id === id) {
                table.remove(timers, i + 1);
                return;
            }
        }
    }

    /** The earliest due timer or event; ties go to whichever was scheduled first. */
    function next(): LuaMultiReturn<[FakeTimer | undefined, DeviceEvent | undefined]> {
        let timer: FakeTimer | undefined;
        let event: DeviceEvent | undefined;
        for (const t of timers) {
            if (timer === undefined || t.due < timer.due || (t.due === timer.due && t.seq < timer.seq)) timer = t;
        }
        for (const e of events) {
            if (event === undefined || e.due < event.due || (e.due === event.due && e.seq < event.seq)) event = e;
        }
        if (timer !== undefined && event !== undefined) {
            if (event.due < timer.due || (event.due === timer.due && event.seq < timer.seq)) return $multi(undefined, event);
            return $multi(timer, undefined);
        }
        return $multi(timer, event);
    }

    const fakeRtos = {
        INF_TIMEOUT: -1,
        MSG_TIMER: 1,
        timer_start(this: void, id: number, ms: number, repeat?: number): number {
            if (ms < 1) return 0;
            removeTimer(id);
            seq++;
            timers.push({ id, ms, repeat: repeat ?? 0, due: clock + ms, seq });
            return 1;
        },
        timer_stop(this: void, id: number): void {
            removeTimer(id);
        },
        receive(this: void, timeout: number): LuaMultiReturn<number[]> {
            const [timer, event] = next();
            const due = timer?.due ?? event?.due;
            const until = timeout < 0 ? limit : Math.min(limit, clock + timeout);
            if (due === undefined || due > until) {
                clock = until;
                if (timeout < 0 || until === limit) error(STOP as unknown as string, 0);
                return $multi(-1);
            }
            clock = due;
            if (event !== undefined) {
                for (let i = 0; i < events.length; i++) {
                    if (events[i] === event) table.remove(events, i + 1);
                }
                event.fn();
                return $multi();
            }
            const t = timer!;
            const remaining = t.repeat;
            if (remaining === 0) removeTimer(t.id);
            else {
                if (remaining > 0) t.repeat = remaining - 1;
                seq++;
                t.due = clock + t.ms;
                t.seq = seq;
            }
            return $multi(1, t.id, remaining);
        },
        reboot(this: void): void {
            rebootCount++;
        },
        meminfo(this: void): LuaMultiReturn<number[]> {
            return $multi(40 * 1024, math.floor(collectgarbage("count") * 1024), 0);
        },
        firmware: (): string => "LuatOS_V0003_AIR640W",
        version: (): string => "V0003",
        bsp: (): string => "AIR640W",
        buildDate: (): string => "2021-03-24",
    };

    const record =
        (level: string) =>
        (tag: unknown, ...values: unknown[]): void => {
            const line = logLine(level, tag, ...values);
            if (line !== undefined) logs.push(line);
        };
    const fakeLog = {
        LOG_SILENT: 0,
        LOG_DEBUG: 1,
        LOG_INFO: 2,
        LOG_WARN: 3,
        LOG_ERROR: 4,
        debug: record("D"),
        info: record("I"),
        warn: record("W"),
        error: record("E"),
        setLevel: (): void => {},
    };

    const globals = _G as unknown as Record<string, unknown>;
    globals.rtos = fakeRtos;
    globals.log = fakeLog;

    return {
        logs,
        now: () => clock,
        reboots: () => rebootCount,
        activeTimers: () => {
            const ids: number[] = [];
            for (const t of timers) ids.push(t.id);
            return ids;
        },
        loadSys: () => {
            // A fresh sys per test: its timers and subscribers are module state.
            const lua = globals as unknown as { package: { loaded: Record<string, unknown> }; require: (this: void, name: string) => unknown };
            lua.package.loaded.sys = undefined;
            globals.sys_pub = undefined;
            const module = lua.require("sys") as SysModule;
            globals.sys = module;
            return module;
        },
        at: (delay, fn) => {
            seq++;
            events.push({ due: clock + delay, seq, fn });
        },
        runFor: ms => {
            limit = clock + ms;
            const run = (globals.sys as SysModule).run;
            const [ok, err] = pcall(run);
            if (!ok && err !== (STOP as unknown)) return err;
            clock = limit;
            return undefined;
        },
    };
}
