/**
 * `sys`: the LuatOS scheduler, a Lua library loaded by `main.lua`
 * (`_G.sys = require("sys")`). It runs tasks (coroutines), timers and a
 * publish/subscribe bus over `rtos`.
 *
 * Waiting (`sys.wait`, `sys.waitUntil`, `sys.waitUntilExt`) yields the
 * current coroutine, so it is only valid inside a function started by
 * `sys.taskInit`. Socket callbacks and `sys.subscribe` callbacks run on the
 * main thread: waiting there raises "attempt to yield from outside a
 * coroutine". TSTL `async` functions are not tasks either.
 */
declare namespace sys {
    /**
     * Create a task: a coroutine running `fn(...args)`, resumed at once.
     * @returns the coroutine.
     * @example sys.taskInit(() => { while (true) { sys.wait(1000); log.info("tick", "1s") } })
     */
    function taskInit<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ...args: A): LuaThread;

    /**
     * Suspend the current task for `ms` milliseconds. Only inside a task.
     *
     * Returns nothing when the time is up. When something else resumes the
     * task first (`coroutine.resume`), it returns what it was resumed with.
     * Below 1 ms the firmware refuses the timer: it logs
     * `D/user.rtos.timer_start error` and returns at once, with nothing.
     * @param ms milliseconds, at least 1.
     */
    function wait(this: void, ms: number): LuaMultiReturn<[topic?: string, ...args: unknown[]]>;

    /**
     * Wait, inside a task, until `topic` is published or `ms` pass.
     *
     * A topic in the topic map ({@link LuatTopics}) gives typed arguments;
     * any other topic gives `unknown` ones.
     * @returns `true` and the topic's arguments when it was published;
     *   `false` on timeout.
     * @param ms timeout in milliseconds; without it, waits for ever.
     * @example const [ok] = sys.waitUntil("NTP_UPDATE", 10000)
     */
    function waitUntil<S extends string>(this: void, topic: S, ms?: number): LuaMultiReturn<[true, ...LuatTopicResult<S>] | [false]>;

    /**
     * Like {@link sys.waitUntil}, but returns the topic's name instead of
     * `true`: `topic, args...` when published, `false` on timeout.
     */
    function waitUntilExt<S extends string>(this: void, topic: S, ms?: number): LuaMultiReturn<[S, ...LuatTopicResult<S>] | [false]>;

    /**
     * Publish a topic. It only queues: subscribers are called, and waiting
     * tasks resumed, at the next turn of the `sys.run()` loop.
     *
     * The arguments of a topic in the topic map are checked against it
     * (`sys.publish("NTP_UPDATE", 1)` is an error: it has none); any other
     * topic takes any arguments.
     * @example sys.publish("SAMPLE_READY", 1, 20.5)
     */
    function publish<S extends string>(this: void, topic: S, ...args: LuatTopicArgs<S>): void;

    /**
     * Call `fn(args...)` each time `topic` is published. The callback runs
     * on the main thread, not in a task: it must not wait.
     *
     * For a topic in the topic map the callback must take its arguments
     * (`NTP_UPDATE` and `NETC_END_<id>` have none); for any other topic it
     * takes any.
     */
    function subscribe<S extends string>(this: void, topic: S, fn: (this: void, ...args: LuatTopicArgs<S>) => void): void;

    /** Remove a subscription made with {@link sys.subscribe}. */
    function unsubscribe<S extends string>(this: void, topic: S, fn: (this: void, ...args: LuatTopicArgs<S>) => void): void;

    /**
     * Call `fn(...args)` once after `ms` milliseconds. Starting a timer with
     * the same `fn` and arguments first stops the old one.
     * @returns the timer id, or `undefined` when it could not start.
     */
    function timerStart<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ms: number, ...args: A): number | undefined;

    /**
     * Call `fn(...args)` every `ms` milliseconds until stopped.
     * @returns the timer id, or `undefined` when it could not start.
     */
    function timerLoopStart<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ms: number, ...args: A): number | undefined;

    /** Stop a timer by its id. */
    function timerStop(this: void, id: number): void;
    /** Stop the timer started with this function and these arguments. */
    function timerStop<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ...args: A): void;

    /** Stop every timer started with this function, whatever its arguments. */
    function timerStopAll(this: void, fn: (this: void, ...args: any[]) => void): void;

    /**
     * Call `fn(...args)` after `ms` milliseconds, then `repeat` more times
     * (0 once, -1 for ever): the function `timerStart` and `timerLoopStart`
     * are built on. Starting one with the same `fn` and arguments first stops
     * the old one.
     * @returns the timer id, or `undefined` when `rtos.timer_start` refused.
     */
    function timerAdvStart<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ms: number, repeat: number, ...args: A): number | undefined;

    /**
     * `coroutine.resume` with sys's error handling, what sys uses to run
     * tasks: when the coroutine fails, logs `coroutine.resume` with the
     * message and traceback (`E/user.coroutine.resume ...`), then, while
     * `COROUTINE_ERROR_ROLL_BACK` is true (the default), raises the error
     * 500 ms later from a timer (the VM exits and the device reboots 30 s
     * after), else with `COROUTINE_ERROR_RESTART` reboots at once.
     * @returns what `coroutine.resume` returns.
     */
    function coresume(this: void, co: LuaThread, ...args: unknown[]): LuaMultiReturn<[boolean, ...unknown[]]>;

    /**
     * Whether a timer is running, by its id: the function the timer calls
     * while it runs, else `undefined` (as the 2021 sys.lua). An id of
     * `sys.wait`'s own range answers with the waiting task. Use it as a
     * condition: `if (sys.timerIsActive(id))`.
     */
    function timerIsActive(this: void, id: number): ((this: void, ...args: any[]) => void) | LuaThread | undefined;
    /**
     * Whether the timer started with this function and arguments is running:
     * `true`, else `undefined` (the 2021 sys.lua returns nothing).
     */
    function timerIsActive<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ...args: A): true | undefined;

    /**
     * The scheduler loop: dispatch queued publishes, then `rtos.receive(-1)`,
     * for ever. It never returns, so it is the last statement of `main.lua`;
     * the build appends it when `main.ts` does not call it.
     */
    function run(this: void): never;
}
