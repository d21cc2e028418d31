/**
 * The toolkit's sys (stdlib/sys.ts, shipped as sys.lua) on native Lua 5.3,
 * driven by a fake C layer with a virtual clock.
 */
import { createFakeDevice, type FakeDevice, type SysModule } from "../../compiler/native/luatos-2021-fake";

let device: FakeDevice;
let s: SysModule;
/** What the specs' tasks and callbacks saw, in order. */
let seen: string[];

function note(this: void, ...values: unknown[]): void {
    let line = "";
    const n = select("#", ...values);
    for (let i = 1; i <= n; i++) {
        const [value] = select(i, ...values);
        line = line + (i > 1 ? " " : "") + tostring(value);
    }
    seen.push(line);
}

describe("stdlib sys", () => {
    before_each(() => {
        device = createFakeDevice();
        s = device.loadSys();
        seen = [];
    });

    it("runs on Lua 5.3", () => {
        assert.are.equal("Lua 5.3", _VERSION);
    });

    it("sets sys_pub to publish, for the C layer", () => {
        assert.are.equal(s.publish, (_G as unknown as Record<string, unknown>).sys_pub);
    });

    describe("taskInit and wait", () => {
        it("starts the task at once and returns its coroutine", () => {
            const co = s.taskInit(() => {
                note("started");
                s.wait(10);
                note("woke", device.now());
            });
            assert.are.equal("thread", type(co));
            assert.are.same(["started"], seen);
            assert.are.equal("suspended", coroutine.status(co));
            device.runFor(100);
            assert.are.same(["started", "woke 10"], seen);
            assert.are.equal("dead", coroutine.status(co));
        });

        it("passes the arguments to the task", () => {
            s.taskInit((a: unknown, b: unknown) => note(a, b), "x", 2);
            assert.are.same(["x 2"], seen);
        });

        it("wakes waiting tasks in time order", () => {
            s.taskInit(() => {
                s.wait(30);
                note("a", device.now());
                s.wait(30);
                note("a", device.now());
            });
            s.taskInit(() => {
                s.wait(10);
                note("b", device.now());
                s.wait(35);
                note("b", device.now());
            });
            device.runFor(1000);
            assert.are.same(["b 10", "a 30", "b 45", "a 60"], seen);
        });

        it("returns nothing when the time is up", () => {
            s.taskInit(() => note("returned", select("#", ...s.wait(5))));
            device.runFor(10);
            assert.are.same(["returned 0"], seen);
        });

        it("returns what a resume passed and stops its timer when woken early", () => {
            const co = s.taskInit(() => note("woken with", ...s.wait(1000)));
            assert.are.equal(1, device.activeTimers().length);
            coroutine.resume(co, "early", 7);
            assert.are.same(["woken with early 7"], seen);
            assert.are.same([], device.activeTimers());
            device.runFor(2000);
            assert.are.same(["woken with early 7"], seen);
        });

        it("is not cut short by the timer of an earlier wait that was resumed by hand", () => {
            const co = s.taskInit(() => {
                s.wait(100);
                note("resumed", device.now());
                s.wait(500);
                note("slept", device.now());
            });
            device.runFor(50);
            coroutine.resume(co);
            device.runFor(1000);
            assert.are.same(["resumed 50", "slept 550"], seen);
        });

        it("does not wait when the timer cannot start (ms below 1): logs it at debug level and returns nothing", () => {
            s.taskInit(() => {
                note("returned", select("#", ...s.wait(0)));
                note("went on at", device.now());
            });
            assert.are.same(["returned 0", "went on at 0"], seen);
            assert.are.same(["D/user.rtos.timer_start error"], device.logs);
            assert.are.same([], device.activeTimers());
        });

        it("raises 'attempt to yield from outside a coroutine' outside a task, leaving no timer", () => {
            assert.has_error(() => s.wait(100), "attempt to yield from outside a coroutine");
            assert.has_error(() => s.waitUntil("X", 100), "attempt to yield from outside a coroutine");
            assert.are.same([], device.activeTimers());
        });

        it("raises the same error when a C callback (on the main thread) waits", () => {
            device.at(5, () => {
                s.wait(10);
            });
            const err = device.runFor(100);
            assert.are.equal("attempt to yield from outside a coroutine", err);
        });
    });

    describe("waitUntil and waitUntilExt", () => {
        it("returns true and the arguments when the topic is published before the timeout", () => {
            s.taskInit(() => note("got", ...s.waitUntil("READY", 1000)));
            device.at(200, () => s.publish("READY", 1, "two"));
            device.runFor(2000);
            assert.are.same(["got true 1 two"], seen);
        });

        it("returns false on timeout, at the timeout", () => {
            s.taskInit(() => {
                const result = table.pack(...s.waitUntil("NEVER", 300));
                note(result.n, result[0], device.now());
            });
            device.runFor(1000);
            assert.are.same(["1 false 300"], seen);
        });

        it("waits for ever without a timeout", () => {
            s.taskInit(() => note("got", ...s.waitUntil("LATE"), device.now()));
            device.at(3_600_000, () => s.publish("LATE"));
            device.runFor(4_000_000);
            assert.are.same(["got true 3600000"], seen);
            assert.are.same([], device.activeTimers());
        });

        it("accepts a list of topics", () => {
            s.taskInit(() => note("ext", ...s.waitUntilExt(["A", "B"] as unknown as string, 1000)));
            device.at(10, () => s.publish("B", 5));
            device.runFor(100);
            assert.are.same(["ext B 5"], seen);
        });

        it("waitUntilExt returns the topic and its arguments, or false on timeout", () => {
            s.taskInit(() => {
                note("first", ...s.waitUntilExt("T", 100));
                note("second", ...s.waitUntilExt("T", 100));
            });
            device.at(50, () => s.publish("T", "v"));
            device.runFor(1000);
            assert.are.same(["first T v", "second false"], seen);
        });

        it("keeps nil arguments", () => {
            s.taskInit(() => {
                const result = table.pack(...s.waitUntil("N", 100));
                note(result.n, ...table.unpack(result, 1, result.n));
            });
            s.publish("N", undefined, 2);
            device.runFor(10);
            assert.are.same(["3 true nil 2"], seen);
        });

        it("stops the timeout timer and unsubscribes once the topic came", () => {
            s.taskInit(() => {
                s.waitUntil("ONCE", 5000);
                note("done", device.now());
                s.wait(10_000);
            });
            device.at(100, () => s.publish("ONCE"));
            device.at(200, () => s.publish("ONCE"));
            device.runFor(1000);
            assert.are.same(["done 100"], seen);
        });
    });

    describe("publish and subscribe", () => {
        it("delivers at the next turn of sys.run, not during publish", () => {
            s.subscribe("TICK", note);
            s.publish("TICK", 1);
            assert.are.same([], seen);
            device.runFor(0);
            assert.are.same(["1"], seen);
        });

        it("delivers messages published while delivering in the same turn, in order", () => {
            s.subscribe("A", () => {
                note("A");
                s.publish("B");
            });
            s.subscribe("B", () => note("B", device.now()));
            s.publish("A");
            s.publish("C");
            device.runFor(0);
            assert.are.same(["A", "B 0"], seen);
        });

        it("delivers a task's publish after the task yields, before the clock moves", () => {
            s.subscribe("FROM_TASK", () => note("delivered", device.now()));
            s.taskInit(() => {
                s.wait(20);
                s.publish("FROM_TASK");
                note("published", device.now());
                s.wait(20);
            });
            device.runFor(100);
            assert.are.same(["published 20", "delivered 20"], seen);
        });

        it("calls subscribers in subscription order, once each", () => {
            const first = (): void => note("first");
            const second = (): void => note("second");
            s.subscribe("T", first);
            s.subscribe("T", second);
            s.subscribe("T", first);
            s.publish("T");
            device.runFor(0);
            assert.are.same(["first", "second"], seen);
        });

        it("stops calling an unsubscribed function", () => {
            const fn = (): void => note("called");
            s.subscribe("T", fn);
            s.publish("T");
            device.runFor(0);
            s.unsubscribe("T", fn);
            s.publish("T");
            device.runFor(0);
            assert.are.same(["called"], seen);
        });

        it("does not call a subscriber removed by an earlier one in the same delivery", () => {
            const late = (): void => note("late");
            s.subscribe("T", () => {
                note("early");
                s.unsubscribe("T", late);
            });
            s.subscribe("T", late);
            s.publish("T");
            device.runFor(0);
            assert.are.same(["early"], seen);
        });

        it("subscribes and unsubscribes a list of topics", () => {
            s.subscribe(["A", "B"] as unknown as string, note);
            s.publish("A", 1);
            s.publish("B", 2);
            device.runFor(0);
            s.unsubscribe(["A", "B"] as unknown as string, note);
            s.publish("A", 3);
            device.runFor(0);
            assert.are.same(["1", "2"], seen);
        });

        it("ignores unsubscribing what was never subscribed", () => {
            assert.has_no_error(() => s.unsubscribe("UNKNOWN", note));
        });

        it("passes nil arguments through to functions", () => {
            s.subscribe("N", (...args: unknown[]) => note(select("#", ...args), ...args));
            s.publish("N", undefined, "b", undefined);
            device.runFor(0);
            assert.are.same(["3 nil b nil"], seen);
        });

        it("receives what the C layer publishes through sys_pub", () => {
            s.subscribe("NTP_UPDATE", (...args: unknown[]) => note("ntp", select("#", ...args)));
            device.at(50, () => {
                const hook = (_G as unknown as Record<string, (this: void, topic: string) => void>).sys_pub!;
                hook("NTP_UPDATE");
            });
            device.runFor(100);
            assert.are.same(["ntp 0"], seen);
        });
    });

    describe("timers", () => {
        it("timerStart calls the function once, with its arguments, after ms", () => {
            const id = s.timerStart((a: unknown, b: unknown) => note("fired", a, b, device.now()), 250, "x", 3);
            assert.is_true(id! > 0x1fffff);
            device.runFor(2000);
            assert.are.same(["fired x 3 250"], seen);
            assert.is_nil(s.timerIsActive(id!));
        });

        it("returns nothing (not even nil) and starts nothing when ms is below 1, as the 2021 sys", () => {
            const fn = (): void => note("fired");
            assert.are.equal(0, select("#", s.timerStart(fn, 0)));
            assert.are.equal(0, select("#", s.timerLoopStart(fn, -5)));
            assert.is_nil(s.timerIsActive(fn));
            assert.are.same([], device.activeTimers());
        });

        it("starting the same function with the same arguments replaces the old timer", () => {
            const fn = (tag: unknown): void => note("fired", tag, device.now());
            const first = s.timerStart(fn, 100, "same");
            const second = s.timerStart(fn, 300, "same");
            s.timerStart(fn, 200, "other");
            assert.are_not.equal(first, second);
            assert.is_nil(s.timerIsActive(first!));
            device.runFor(1000);
            assert.are.same(["fired other 200", "fired same 300"], seen);
        });

        it("timerLoopStart repeats until timerStop by id", () => {
            const id = s.timerLoopStart(() => note("tick", device.now()), 100);
            device.runFor(350);
            s.timerStop(id!);
            device.runFor(1000);
            assert.are.same(["tick 100", "tick 200", "tick 300"], seen);
            assert.are.same([], device.activeTimers());
        });

        it("a loop timer can stop itself", () => {
            let count = 0;
            const tick = (): void => {
                count++;
                if (count === 3) s.timerStop(tick);
            };
            s.timerLoopStart(tick, 10);
            device.runFor(1000);
            assert.are.equal(3, count);
        });

        it("timerAdvStart with a repeat count fires once more for each repeat", () => {
            const advanced = s as unknown as { timerAdvStart: (this: void, fn: (this: void) => void, ms: number, repeat: number) => number | undefined };
            advanced.timerAdvStart(() => note("fired", device.now()), 100, 2);
            device.runFor(1000);
            assert.are.same(["fired 100", "fired 200", "fired 300"], seen);
            assert.are.same([], device.activeTimers());
        });

        it("passes nil arguments through to the timer's function", () => {
            s.timerStart((...args: unknown[]) => note(select("#", ...args), ...args), 10, undefined, "b");
            device.runFor(100);
            assert.are.same(["2 nil b"], seen);
        });

        it("timerStop by function stops only the timer with the same arguments", () => {
            const fn = (tag: unknown): void => note(tag);
            s.timerStart(fn, 100, "a");
            s.timerStart(fn, 100, "b");
            s.timerStop(fn, "a");
            assert.is_nil(s.timerIsActive(fn, "a"));
            assert.is_true(s.timerIsActive(fn, "b"));
            device.runFor(1000);
            assert.are.same(["b"], seen);
        });

        it("timerStopAll stops every timer of a function, whatever its arguments", () => {
            const fn = (tag: unknown): void => note(tag);
            const other = (): void => note("other");
            s.timerStart(fn, 100, "a");
            s.timerLoopStart(fn, 50, "b");
            s.timerStart(other, 100);
            s.timerStopAll(fn);
            device.runFor(1000);
            assert.are.same(["other"], seen);
        });

        it("timerIsActive answers as the 2021 sys: by id the timer's function or nil, by function true or nothing", () => {
            const fn = (..._args: unknown[]): void => {};
            const id = s.timerStart(fn, 100);
            assert.are.equal(fn, s.timerIsActive(id!));
            assert.is_true(s.timerIsActive(fn));
            assert.are.equal(0, select("#", s.timerIsActive(fn, "other args")));
            device.runFor(100);
            assert.are.equal(1, select("#", s.timerIsActive(id!)));
            assert.is_nil(s.timerIsActive(id!));
            assert.are.equal(0, select("#", s.timerIsActive(fn)));
        });

        it("timerIsActive of a sys.wait timer's id is the waiting task", () => {
            const task = s.taskInit(() => s.wait(100));
            const [waitId] = device.activeTimers();
            assert.are.equal(task, s.timerIsActive(waitId!));
        });

        it("gives task timers and function timers separate id ranges", () => {
            s.taskInit(() => s.wait(100));
            const id = s.timerStart(() => {}, 100);
            const ids = device.activeTimers();
            assert.are.equal(2, ids.length);
            assert.is_true(ids[0]! <= 0x1fffff);
            assert.are.equal(id, ids[1]);
        });
    });

    describe("an error in a task", () => {
        it("is logged with its traceback, then ends sys.run 500 ms later with that text", () => {
            s.taskInit(() => {
                s.wait(100);
                error("boom");
            });
            const start = device.now();
            const err = device.runFor(10_000);
            assert.are.equal(1, device.logs.length);
            const line = device.logs[0]!;
            assert.matches("^E/user%.coroutine%.resume\t[^\n]*boom\r\nstack traceback:", line);
            assert.are.equal("string", type(err));
            // assert(false, trace) called from sys's timer: Lua 5.3 puts sys.lua's position in front.
            const text = line.substring("E/user.coroutine.resume\t".length);
            assert.matches("sys%.lua:%d+: ", err as string);
            assert.are.equal(text, (err as string).substring((err as string).length - text.length));
            assert.are.equal(start + 600, device.now());
            assert.are.equal(0, device.reboots());
        });

        it("reports an error raised before the first wait too", () => {
            s.taskInit(() => error("at once"));
            assert.matches("at once", device.logs[0]!);
            assert.is_string(device.runFor(1000));
        });

        it("reboots at once when COROUTINE_ERROR_ROLL_BACK is false", () => {
            const globals = _G as unknown as Record<string, unknown>;
            globals.COROUTINE_ERROR_ROLL_BACK = false;
            s.taskInit(() => error("boom"));
            assert.are.equal(1, device.reboots());
            assert.is_nil(device.runFor(1000));
            globals.COROUTINE_ERROR_ROLL_BACK = true;
        });

        it("lets other tasks run until the VM ends", () => {
            s.taskInit(() => {
                s.wait(100);
                error("boom");
            });
            s.taskInit(() => {
                for (let i = 0; i < 10; i++) {
                    s.wait(100);
                    note("tick", device.now());
                }
            });
            assert.is_string(device.runFor(10_000));
            // The VM ends at 600 ms: the timer that ends it was started (at 100 ms) before the tick due then.
            assert.are.same(["tick 100", "tick 200", "tick 300", "tick 400", "tick 500"], seen);
        });
    });
});
