/**
 * sys: the LuatOS scheduler (tasks, timers, publish/subscribe) over the
 * firmware's `rtos` timers and message queue. Compiled to `sys.lua` and
 * shipped in every image whose app has no sys of its own; `main.lua` loads
 * it with `_G.sys = require("sys")`.
 *
 * Seen from the outside it behaves like the sys.lua LuatOS shipped in 2021
 * (bsp/air640w/lib/sys.lua): same functions, timer id ranges, return values,
 * delivery at the next turn of `sys.run()`, and the same crash path: an error
 * in a task is logged (`E/user.coroutine.resume`, message and traceback),
 * then a 500 ms timer runs `assert(false, traceback)`, which raises out of
 * `sys.run()` (Lua 5.3 prefixes the text with sys.lua's position);
 * `main.lua` fails, the firmware prints "Lua VM exit" and reboots.
 *
 * Where it differs from the 2021 library, on purpose:
 * - subscribers are called in subscription order (2021: table hash order,
 *   which differs between VMs);
 * - `nil` arguments of publish and timers are kept (2021 counted with `#`);
 * - unsubscribing from a topic nobody subscribes to does nothing (2021
 *   raised an error); a timer that fails to start, or a wait outside a task,
 *   leaves no timer or subscription behind (2021 kept the failed timer's
 *   entry, so `timerIsActive` of its function answered true);
 * - a task error that is not a string is reported through `tostring`
 *   (2021 raised from its error handler); there is no `errDump` hook.
 *
 * Device code: no lualib, and nothing allocated per turn that is not needed.
 */

declare global {
    /** When not false, a task error ends the VM 500 ms later (the firmware then reboots). */
    var COROUTINE_ERROR_ROLL_BACK: boolean | undefined;
    /** When ROLL_BACK is false and this is not, a task error reboots at once. */
    var COROUTINE_ERROR_RESTART: boolean | undefined;
    /** The version of the Lua library scripts, as the 2021 sys sets it. */
    var SCRIPT_LIB_VER: string | undefined;
}

type Callback = (this: void, ...args: any[]) => void;
/** Who receives a topic: a function, or a task waiting in waitUntil. */
type Listener = Callback | LuaThread;
/** Arguments kept with `table.pack`: 1-based, nils included, count in `n`. */
interface Packed extends LuaTable<number, unknown> {
    n: number;
}
/** `rtos.receive` as sys reads it: a timer message is `(MSG_TIMER, id, remaining repeats)`. */
type Receive = (this: void, timeout: number) => LuaMultiReturn<[kind?: number, id?: number, remaining?: number]>;

/** Timer ids 1..TASK_MAX belong to sys.wait; the range above, up to TIMER_MAX, to timerStart (a const enum: inlined). */
const enum Ids {
    TASK_MAX = 0x1fffff,
    TIMER_MAX = 0x7fffff,
}
const NO_ARGS = { n: 0 } as Packed;

/** timer id -> the task sleeping on it (id <= TASK_MAX) or the callback. */
const pool = new LuaMap<number, Listener>();
/** timer id -> the callback's arguments (absent when there are none). */
const params = new LuaMap<number, Packed>();
/** topic -> listeners in subscription order, so delivery order is the same on every VM. */
const subscribers = new LuaMap<AnyNotNil, LuaTable<number, Listener>>();
/** Published messages not yet delivered: queue[head .. tail-1]. */
const queue = new LuaMap<number, Packed>();
let head = 1;
let tail = 1;
let taskSeq = 0;
let timerSeq = Ids.TASK_MAX;

/** Position of `fn` in a listener list, or 0. */
function find(list: LuaTable<number, Listener> | undefined, fn: unknown): number {
    if (list !== undefined) {
        for (const i of $range(1, list.length())) {
            if (list.get(i) === fn) return i;
        }
    }
    return 0;
}

/** The running timer for `fn` with these arguments (compared one by one, trailing nils ignored), or undefined. */
function findTimer(fn: unknown, args: Packed): number | undefined {
    for (const [id, each] of pool) {
        const saved = params.get(id) ?? NO_ARGS;
        let same = each === fn;
        for (const i of $range(1, saved.n > args.n ? saved.n : args.n)) {
            if (saved.get(i) !== args.get(i)) same = false;
        }
        if (same) return id;
    }
    return undefined;
}

/** `select(1, ...)` read as one value: Lua keeps only the first result of a call inside an expression. */
const first = select as (this: void, index: 1, ...values: unknown[]) => unknown;

function settle(co: LuaThread, ok: boolean, ...results: unknown[]): LuaMultiReturn<unknown[]> {
    if (!ok) {
        const trace = tostring(first(1, ...results)) + "\r\n" + debug.traceback(co);
        log.error("coroutine.resume", trace);
        if (COROUTINE_ERROR_ROLL_BACK !== false) {
            // Raised from sys.run() by the timer: main.lua fails, the VM exits, the firmware reboots.
            timerStart(assert as Callback, 500, false, trace);
        } else if (COROUTINE_ERROR_RESTART !== false) {
            rtos.reboot();
        }
    }
    return $multi(ok, ...results);
}

/** `coroutine.resume` that reports a task's error and ends the VM like the firmware. */
export function coresume(this: void, co: LuaThread, ...args: unknown[]): LuaMultiReturn<unknown[]> {
    return settle(co, ...(coroutine.resume(co, ...args) as unknown as [boolean, ...unknown[]]));
}

export function taskInit(this: void, fn: Callback, ...args: unknown[]): LuaThread {
    const co = coroutine.create(fn);
    coresume(co, ...args);
    return co;
}

export function wait(this: void, ms: number): LuaMultiReturn<unknown[]> {
    // Outside a task: the VM's own "attempt to yield from outside a coroutine", before any state changes.
    if (!coroutine.isyieldable()) coroutine.yield();
    taskSeq = taskSeq >= Ids.TASK_MAX ? 1 : taskSeq + 1;
    const id = taskSeq;
    // As on the device, a timer that does not start (ms < 1) means no wait at all; the 2021 sys says so at debug level.
    if (rtos.timer_start(id, ms) !== 1) {
        log.debug("rtos.timer_start error");
        return $multi();
    }
    pool.set(id, coroutine.running()[0]);
    const woken = table.pack(...coroutine.yield()) as unknown as Packed;
    if (pool.has(id)) {
        // Resumed by a publish (or by hand) before the timer, which would otherwise wake a later wait.
        rtos.timer_stop(id);
        pool.delete(id);
    }
    return table.unpack(woken as unknown as unknown[], 1, woken.n);
}

/** Waits in a task for `topic` (or any topic of a list): `topic, args...`, or nothing on timeout. */
function waitFor(topic: AnyNotNil, ms: number | undefined): Packed {
    if (!coroutine.isyieldable()) coroutine.yield();
    const [co] = coroutine.running();
    subscribe(topic, co);
    const message = (ms !== undefined ? table.pack(...wait(ms)) : table.pack(...coroutine.yield())) as unknown as Packed;
    unsubscribe(topic, co);
    return message;
}

export function waitUntil(this: void, topic: AnyNotNil, ms?: number): LuaMultiReturn<unknown[]> {
    const message = waitFor(topic, ms);
    return $multi(message.get(1) !== undefined, ...table.unpack(message as unknown as unknown[], 2, message.n));
}

export function waitUntilExt(this: void, topic: AnyNotNil, ms?: number): LuaMultiReturn<unknown[]> {
    const message = waitFor(topic, ms);
    if (message.get(1) === undefined) return $multi(false);
    return table.unpack(message as unknown as unknown[], 1, message.n);
}

export function subscribe(this: void, topic: AnyNotNil, fn: Listener): void {
    if (type(topic) === "table") {
        for (const each of topic as AnyNotNil[]) subscribe(each, fn);
        return;
    }
    let list = subscribers.get(topic);
    if (list === undefined) {
        list = new LuaTable();
        subscribers.set(topic, list);
    }
    if (find(list, fn) === 0) list.set(list.length() + 1, fn);
}

export function unsubscribe(this: void, topic: AnyNotNil, fn: Listener): void {
    if (type(topic) === "table") {
        for (const each of topic as AnyNotNil[]) unsubscribe(each, fn);
        return;
    }
    const list = subscribers.get(topic);
    const at = find(list, fn);
    if (at > 0) table.remove(list as unknown as unknown[], at);
    if (list !== undefined && list.length() === 0) subscribers.delete(topic);
}

export function publish(this: void, ...message: unknown[]): void {
    queue.set(tail, table.pack(...message) as unknown as Packed);
    tail++;
}

export function timerStop(this: void, id: unknown, ...args: unknown[]): void {
    const wanted = table.pack(...args) as unknown as Packed;
    const key = type(id) === "number" ? (id as number) : findTimer(id, wanted);
    if (key !== undefined) {
        pool.delete(key);
        params.delete(key);
        rtos.timer_stop(key);
    }
}

export function timerStopAll(this: void, fn: Callback): void {
    for (const [id, each] of pool) {
        if (each === fn) timerStop(id);
    }
}

/** Calls `fn(args...)` after `ms`, then `repeat` more times (-1: for ever); replaces the timer of the same fn and args. */
export function timerAdvStart(this: void, fn: Callback, ms: number, repeat: number, ...args: unknown[]): number | undefined {
    timerStop(fn, ...args);
    do {
        timerSeq = timerSeq >= Ids.TIMER_MAX ? Ids.TASK_MAX + 1 : timerSeq + 1;
    } while (pool.has(timerSeq));
    // Nothing at all (not an explicit nil), as the 2021 sys: `select("#", ...)` is 0.
    if (rtos.timer_start(timerSeq, ms, repeat) !== 1) return;
    pool.set(timerSeq, fn);
    const saved = table.pack(...args) as unknown as Packed;
    if (saved.n > 0) params.set(timerSeq, saved);
    return timerSeq;
}

export function timerStart(this: void, fn: Callback, ms: number, ...args: unknown[]): number | undefined {
    return timerAdvStart(fn, ms, 0, ...args);
}

export function timerLoopStart(this: void, fn: Callback, ms: number, ...args: unknown[]): number | undefined {
    return timerAdvStart(fn, ms, -1, ...args);
}

/** By id: what the timer calls (a task for sys.wait's ids), else nil. By function and arguments: true, else nothing. As the 2021 sys. */
export function timerIsActive(this: void, id: unknown, ...args: unknown[]): Listener | true | undefined {
    if (type(id) === "number") return pool.get(id as number);
    const wanted = table.pack(...args) as unknown as Packed;
    if (findTimer(id, wanted) !== undefined) return true;
    return;
}

export function run(this: void): never {
    while (true) {
        // Deliver every queued message, including those published while delivering.
        while (head < tail) {
            const message = queue.get(head)!;
            queue.delete(head);
            head++;
            const topic = message.get(1) as AnyNotNil;
            // Listeners may (un)subscribe while we deliver: walk a copy, skip those removed meanwhile.
            for (const fn of [...table.unpack((subscribers.get(topic) ?? NO_ARGS) as unknown as Listener[])]) {
                if (find(subscribers.get(topic), fn) > 0) {
                    if (typeof fn === "function") fn(...table.unpack(message as unknown as unknown[], 2, message.n));
                    else coresume(fn, ...table.unpack(message as unknown as unknown[], 1, message.n));
                }
            }
        }
        head = 1;
        tail = 1;
        const [kind, id, remaining] = (rtos.receive as Receive)(rtos.INF_TIMEOUT);
        // Other messages (none reach Lua on the Air640W) and timers sys no longer knows are ignored.
        const target = pool.get(id!);
        if (kind === rtos.MSG_TIMER && target !== undefined) {
            // A one-shot timer, and every task timer, is gone once it fired.
            if (remaining === 0 || id! <= Ids.TASK_MAX) pool.delete(id!);
            if (id! <= Ids.TASK_MAX) {
                coresume(target as LuaThread);
            } else {
                const args = params.get(id!) ?? NO_ARGS;
                if (remaining === 0) params.delete(id!);
                (target as Callback)(...table.unpack(args as unknown as unknown[], 1, args.n));
            }
        }
    }
}

/** Fails to compile when a member of types/sys.d.ts is missing here or is not a function. */
type Declares<T extends { [K in keyof typeof sys]: (this: void, ...args: any[]) => unknown }> = T;
export type Sys = Declares<typeof import("./sys")>;

SCRIPT_LIB_VER = "1.0.0";
COROUTINE_ERROR_ROLL_BACK = true;
COROUTINE_ERROR_RESTART = true;
// The C layer publishes NETC_END_<id> and NTP_UPDATE through this hook.
sys_pub = publish;
