/**
 * `sys`: the scheduler of the current generation (`script/corelib/sys.lua`,
 * built into the firmware; `main.lua` makes it global with
 * `_G.sys = require("sys")`). `sysplus` is now the same table
 * (`script/corelib/sysplus.lua`: `return require "sys"`).
 *
 * Waiting functions yield the running coroutine: they work only inside a
 * task (`sys.taskInit`, `sys.taskInitEx`), never in a callback.
 */
declare namespace sys {
    /**
     * A message of a task made with {@link sys.taskInitEx}: the table
     * `{param1, param2, param3, param4}` given to {@link sys.sendMsg}. Socket
     * events sent to a task name are `[event, param]`.
     */
    type TaskMessage = [param1: any, param2?: any, param3?: any, param4?: any];

    /**
     * 创建一个任务线程 — Create a task: a coroutine running `fn(...args)`,
     * resumed at once.
     * @returns the coroutine.
     */
    function taskInit<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ...args: A): LuaThread;

    /**
     * 创建一个任务线程 — Create a task with a name and a message queue, for
     * {@link sys.waitMsg} and {@link sys.sendMsg} (`sys.lua:725`). Socket
     * ctrls made with this task's name as `cbOrTaskName` send their events
     * here.
     * @param cbFun gets the messages {@link sys.waitMsg} skips while waiting
     *   for another target; without it they are dropped.
     * @returns the coroutine, or `undefined` when `taskName` is missing.
     * @example sys.taskInitEx(() => { ... sys.taskDel("net") }, "net")
     */
    function taskInitEx<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, taskName: string, cbFun?: (this: void, msg: TaskMessage) => void, ...args: A): LuaThread | undefined;

    /** 删除由taskInitEx创建的任务线程 — Free the queue of a task made with {@link sys.taskInitEx}; call it before the task ends. */
    function taskDel(this: void, taskName: string): void;

    /**
     * 等待接收一个目标消息 — Wait, inside a task made with {@link sys.taskInitEx},
     * for a message whose first value is `target` (any message when
     * `undefined`), at most `ms` milliseconds (`sys.lua:772`).
     * @returns the message; `false` on timeout, or when the task was not made
     *   by `taskInitEx`.
     * @example const msg = sys.waitMsg("net", socket.ON_LINE, 5000)
     */
    function waitMsg(this: void, taskName: string, target?: any, ms?: number): TaskMessage | false;

    /**
     * 向目标任务发送一个消息 — Queue `{param1, ..., param4}` for a task made
     * with {@link sys.taskInitEx} (`sys.lua:880`).
     * @returns `true` when queued; `false` (and the message dropped) for an unknown task name.
     */
    function sendMsg(this: void, taskName: string, param1?: any, param2?: any, param3?: any, param4?: any): boolean;

    /** 清空消息队列 — Drop the queued messages of a task; `false` for an unknown task. */
    function cleanMsg(this: void, taskName: string): boolean;

    /**
     * Task任务延时函数 — Suspend the current task for `ms` milliseconds.
     * @returns nothing when the time is up; what the task was resumed with otherwise.
     */
    function wait(this: void, ms: number): LuaMultiReturn<[topic?: string, ...args: any[]]>;

    /**
     * Task任务的条件等待函数 — Wait, inside a task, until `topic` is published
     * or `ms` pass. A topic published before the wait began is missed.
     * @returns `true` and the topic's arguments, or `false` on timeout.
     * @example const [ok, ip] = sys.waitUntil("IP_READY", 10000)
     */
    function waitUntil(this: void, topic: string, ms?: number): LuaMultiReturn<[published: boolean, ...args: any[]]>;

    /** Like {@link sys.waitUntil}, returning the topic name instead of `true`, or `false` on timeout. */
    function waitUntilExt(this: void, topic: string, ms?: number): LuaMultiReturn<[topic: string | false, ...args: any[]]>;

    /**
     * 发布内部消息 — Publish a topic: queued, delivered by the `sys.run()`
     * loop to the subscribers and waiting tasks of that moment.
     */
    function publish(this: void, topic: string, ...args: any[]): void;

    /** 订阅消息 — Call `fn(...args)` on each publication of `topic`, on the main thread (it must not wait). */
    function subscribe(this: void, topic: string, fn: (this: void, ...args: any[]) => void): void;

    /** 取消订阅消息 — Remove a subscription made with {@link sys.subscribe}. */
    function unsubscribe(this: void, topic: string, fn: (this: void, ...args: any[]) => void): void;

    /**
     * 开启一个定时器 — Call `fn(...args)` once after `ms` milliseconds.
     * @returns the timer id.
     */
    function timerStart<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ms: number, ...args: A): number;

    /** 开启一个循环定时器 — Call `fn(...args)` every `ms` milliseconds. @returns the timer id. */
    function timerLoopStart<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ms: number, ...args: A): number;

    /** 关闭定时器 — Stop a timer by id, or the one started with this function and arguments. */
    function timerStop(this: void, idOrFn: number | ((this: void, ...args: any[]) => void), ...args: any[]): void;

    /** 关闭同一回调函数的所有定时器 — Stop every timer of this function. */
    function timerStopAll(this: void, fn: (this: void, ...args: any[]) => void): void;

    /** 判断某个定时器是否处于开启状态 — Whether a timer (by id, or function and arguments) runs. */
    function timerIsActive(this: void, idOrFn: number | ((this: void, ...args: any[]) => void), ...args: any[]): boolean;

    /**
     * Start a timer that repeats: `fn(...args)` after `ms` milliseconds, then
     * `repeat` more times (-1 for ever) (`sys.lua:346`, not annotated).
     * @returns the timer id, or `undefined` when it could not start.
     */
    function timerAdvStart<A extends any[]>(this: void, fn: (this: void, ...args: A) => void, ms: number, repeat: number, ...args: A): number | undefined;

    /** `coroutine.resume` wrapped to log a task's error (`sys.lua:129`, not annotated); `sys` resumes its tasks with it. */
    function coresume(this: void, co: LuaThread, ...args: any[]): LuaMultiReturn<[ok: boolean, ...results: any[]]>;

    /** The scheduler loop; never returns. The build appends it to `main.lua` when `main.ts` does not call it. */
    function run(this: void): never;
}

/**
 * `sysplus`: the same table as {@link sys} in this generation
 * (`script/corelib/sysplus.lua`); older demos call `sysplus.taskInitEx`,
 * `sysplus.waitMsg`. Assign it in `main.ts` if your code uses the name
 * (`_G.sysplus = require("sysplus")` in Lua).
 */
declare var sysplus: typeof sys;
