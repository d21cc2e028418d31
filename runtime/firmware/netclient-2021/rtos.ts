/**
 * rtos (luat_lib_rtos.c with the RT-Thread timer port): timers that post to
 * the message bus, rtos.receive, reboot, meminfo and the firmware identity.
 */
import { lauxlib, lua, S, stringAt, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { defineFlashRotable } from "../flash-rotable.js";

/** rtos.MSG_TIMER */
export const MSG_TIMER = 1;
/** `rtos.meminfo()` total: bget's free plus allocated bytes of the 64 KB Lua pool (luat_malloc_rtt.c, luat_malloc_weak.c:76). */
export const LUA_POOL_TOTAL = 65528;

interface Timer {
    id: number;
    timeout: number;
    /** 0 one shot, -1 forever, n > 0: n more deliveries after the next. */
    repeat: number;
    cancel: () => void;
}

/** rtos. `rtos.receive` needs the device loop (waiting yields to the host), so the context supplies it. */
export function installRtos(ctx: FirmwareContext): void {
    // Newest first: the RT-Thread object list finds the most recent timer of a name.
    const timers: Timer[] = [];

    const remove = (timer: Timer) => {
        timer.cancel();
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
    };

    const deliver = (timer: Timer) => (L: LuaState) => {
        lua.lua_pushinteger(L, MSG_TIMER);
        lua.lua_pushinteger(L, timer.id);
        lua.lua_pushinteger(L, timer.repeat);
        if (timer.repeat === 0) remove(timer);
        else if (timer.repeat > 0) timer.repeat -= 1;
        return 3;
    };

    const arm = (timer: Timer, at: number) => {
        timer.cancel = ctx.clock.at(at, () => {
            if (!ctx.alive()) return;
            // A periodic RT-Thread timer keeps its period whatever Lua does with the messages.
            if (timer.repeat !== 0 && timers.includes(timer)) arm(timer, at + timer.timeout);
            ctx.post(deliver(timer));
        });
    };

    defineFlashRotable(
        ctx.L,
        "rtos",
        {
            timer_start: L => {
                const id = lauxlib.luaL_checkinteger(L, 1) as number;
                const timeout = lauxlib.luaL_checkinteger(L, 2) as number;
                const repeat = lauxlib.luaL_optinteger(L, 3, 0) as number;
                if (timeout === 0) {
                    lua.lua_pushinteger(L, 0);
                    return 1;
                }
                if (timeout < 0) {
                    // The C code keeps the period in a size_t: a negative one is a huge tick count, and
                    // RT-Thread's rt_timer_start asserts on it; the asserting (Lua) thread stops for good.
                    ctx.write("(timer->init_tick < RT_TICK_MAX / 2) assertion failed at function:rt_timer_start, line number:364 \n");
                    ctx.halt(L, `rtos.timer_start(${id}, ${timeout}): RT-Thread's timer assertion stopped the Lua thread`);
                    return 0;
                }
                const timer: Timer = { id, timeout, repeat, cancel: () => {} };
                timers.unshift(timer);
                arm(timer, ctx.clock.now() + timeout);
                lua.lua_pushinteger(L, 1);
                return 1;
            },
            timer_stop: L => {
                if (lua.lua_isinteger(L, 1)) {
                    const id = lua.lua_tointeger(L, 1) as number;
                    const timer = timers.find(t => t.id === id);
                    if (timer !== undefined) remove(timer);
                }
                return 0;
            },
            receive: ctx.receive,
            reboot: L => {
                // luat_os_reboot(luaL_optinteger(L, 1, 0)): a non-integer argument is an error, not a reboot.
                lauxlib.luaL_optinteger(L, 1, 0);
                ctx.reboot(L);
                return 0;
            },
            standy: L => {
                lauxlib.luaL_checkinteger(L, 1);
                return 0;
            },
            buildDate: L => {
                lua.lua_pushstring(L, S(ctx.board.buildDate));
                return 1;
            },
            bsp: L => {
                lua.lua_pushstring(L, S(ctx.board.bsp));
                return 1;
            },
            version: L => {
                lua.lua_pushstring(L, S(ctx.board.version));
                return 1;
            },
            firmware: L => {
                lua.lua_pushstring(L, S(`LuatOS_${ctx.board.version}_${ctx.board.bsp}`));
                return 1;
            },
            meminfo: L => {
                const kind = textOf(lauxlib.luaL_optlstring(L, 1, S("lua")) as Uint8Array);
                const [total, used, max] = kind === "sys" ? [ctx.board.sysHeap[0], ctx.board.sysHeap[1], ctx.board.sysHeap[1]] : [LUA_POOL_TOTAL, ...ctx.meminfo().slice(1)];
                lua.lua_pushinteger(L, total);
                lua.lua_pushinteger(L, used);
                lua.lua_pushinteger(L, max);
                return 3;
            },
        },
        { INF_TIMEOUT: -1, MSG_TIMER },
    );
}
