/**
 * `rtos`: the firmware's RTOS layer (C): timers, the message queue, memory
 * and firmware information. Application code normally uses `sys` instead of
 * the timer and message functions.
 *
 * RTOS底层操作库
 */
declare namespace rtos {
    /** `rtos.receive` timeout meaning "wait forever" (-1). */
    const INF_TIMEOUT: -1;
    /** Message type returned by `rtos.receive` for a timer message (1). */
    const MSG_TIMER: 1;

    /**
     * What `rtos.receive` returns: for a timer message
     * `(rtos.MSG_TIMER, timerId, repeat)`; `-1` on timeout; nothing when the
     * message was handled in C (socket events call their Lua callbacks from
     * inside `receive`). One multiple-return type (not a union of them), so
     * destructuring compiles to plain Lua multiple assignment.
     */
    type Message = LuaMultiReturn<[msgType?: number, timerId?: number, repeat?: number]>;

    /**
     * 接受并处理底层消息队列 — Take one message from the firmware's queue and
     * handle it.
     *
     * Called by `sys.run()`; application code does not call it. Socket
     * callbacks run from inside this call, on the main thread, not in a task.
     * @param timeout milliseconds to wait, or `rtos.INF_TIMEOUT` (-1) for ever.
     */
    function receive(this: void, timeout: number): Message;

    /**
     * 启动一个定时器 — Start a timer that posts a timer message with this id.
     *
     * The document says it returns the message id; the firmware returns 1 when
     * the timer started and 0 when it did not (`ms` of 0, or no memory).
     * The C code keeps `ms` in an unsigned `size_t`: a negative period is a
     * huge tick count, RT-Thread's `rt_timer_start` asserts on it and the
     * calling (Lua) thread stops for good.
     * @param id timer id (chosen by the caller; `sys` numbers its timers).
     * @param ms 超时时长,单位毫秒 — timeout in milliseconds, at least 1.
     * @param repeat 重复次数 — 0 (default) one shot, -1 for ever, n > 0: n more times.
     * @example rtos.timer_start(10000, 3000, -1) // use sys.timerStart instead
     */
    function timer_start(this: void, id: number, ms: number, repeat?: number): 0 | 1;

    /**
     * 关闭并释放一个定时器 — Stop and release a timer.
     * @param id 定时器id — the timer id given to `timer_start`.
     */
    function timer_stop(this: void, id: number): void;

    /**
     * 设备重启 — Reboot the device: the board starts again and runs
     * `main.lua` from the start.
     * @param code an optional integer passed to the port's reboot
     *   (`luat_os_reboot(luaL_optinteger(L, 1, 0))`, luat_lib_rtos.c:130);
     *   anything else is an argument error, not a reboot.
     */
    function reboot(this: void, code?: number): void;

    /**
     * 获取内存信息 — Memory figures in bytes: total, in use, and the peak.
     * For "lua" the total is the 64 KB pool as bget counts it (65528 bytes on
     * the Air640W, luat_malloc_rtt.c); any other string reads the Lua heap
     * too, and a non-string argument is an error.
     *
     * The document's example passes the call straight to `log.info`
     * (`log.info("mem.lua", rtos.meminfo())`), which in Lua expands to the
     * three values. In TypeScript that passes one value, which TSTL wraps
     * into a table (`{rtos.meminfo()}`), so the log shows `table: 0x...`.
     * Destructure the result instead.
     * @param type "sys"系统内存, "lua"虚拟机内存 — "lua" (default) for the Lua
     *   heap, "sys" for the system heap.
     * @example
     * const [total, used, maxUsed] = rtos.meminfo();
     * log.info("mem.lua", total, used, maxUsed);
     */
    function meminfo(this: void, type?: "lua" | "sys"): LuaMultiReturn<[total: number, used: number, maxUsed: number]>;

    /**
     * 返回底层描述信息 — The firmware description, `LuatOS_<version>_<bsp>`,
     * usable to decide on an OTA update.
     */
    function firmware(this: void): string;

    /** 获取固件版本号 — The firmware version, for example `"V0003"` or `"1.0.2"`. */
    function version(this: void): string;

    /** 获取硬件bsp型号 — The hardware BSP name, for example `"AIR640W"`. */
    function bsp(this: void): string;

    /** 获取固件编译日期 — The firmware build date. */
    function buildDate(this: void): string;

    /**
     * 进入待机模式 — Enter standby for `ms` milliseconds. Only some BSPs have
     * it (the W60x family: Air640W).
     * @param ms 休眠时长,单位毫秒 — how long to sleep, in milliseconds.
     */
    function standy(this: void, ms: number): void;
}
