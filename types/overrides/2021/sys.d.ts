/**
 * Members of the 2021 `sys` (`bsp/air640w/lib/sys.lua`) that types/sys.d.ts
 * does not declare.
 */
declare namespace sys {
    /**
     * Start a timer that repeats: `fn(...args)` after `ms` milliseconds, then
     * `repeat` more times (-1 for ever) (`sys.lua:184`; the `repeat` of
     * `rtos.timer_start`). Not annotated in the sources.
     * @returns the timer id, or `undefined` when it could not start.
     */
    function timerAdvStart<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ms: number, repeat: number, ...args: A): number | undefined;

    /**
     * `coroutine.resume` wrapped to log a task's error (and roll back or
     * restart, per `COROUTINE_ERROR_ROLL_BACK`/`COROUTINE_ERROR_RESTART`)
     * (`sys.lua:39`). `sys` resumes its tasks with it.
     */
    function coresume(this: void, co: LuaThread, ...args: any[]): LuaMultiReturn<[ok: boolean, ...results: any[]]>;
}
