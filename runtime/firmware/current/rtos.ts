/**
 * rtos (luat_lib_rtos.c): timers that post `MSG_TIMER, id, repeat` to the
 * message bus (one-shot timers are freed when their message is taken),
 * rtos.receive, reboot, meminfo, the firmware identity and setPaths, the
 * search path templates `require` tries first (runtime/vm.ts useModuleSearch).
 */
import { lauxlib, lua, S, defineModule, raiseWhere, stringAt, textOf, type LuaState } from "../../lua.js";
import { useModuleSearch } from "../../vm.js";
import type { FirmwareContext } from "../context.js";

/** Bytes of one search path slot, its NUL included (`char custom_search_paths[4][24]`, loadlib.c:122). */
const SEARCH_PATH_SLOT = 24;

/** Why a search path template is refused (l_rtos_set_paths): exactly one `%s`, and `%` otherwise only as `%%`. */
function templateError(bytes: Uint8Array): string | undefined {
    if (bytes.length >= SEARCH_PATH_SLOT) return `search path too long, max ${SEARCH_PATH_SLOT - 1} bytes`;
    let count = 0;
    for (let j = 0; j < bytes.length; j++) {
        if (bytes[j] !== 0x25) continue;
        j++;
        if (j >= bytes.length || (bytes[j] !== 0x73 && bytes[j] !== 0x25)) return "search path must contain exactly one %s";
        if (bytes[j] === 0x73) count++;
    }
    return count === 1 ? undefined : "search path must contain exactly one %s";
}

/** rtos.MSG_TIMER */
export const MSG_TIMER = 1;

interface Timer {
    id: number;
    timeout: number;
    /** 0 one shot, -1 forever, n > 0: n more deliveries after the next. */
    repeat: number;
    cancel: () => void;
}

/**
 * `timerCountsTwice`: the port's timer callback also decrements the repeat
 * count before posting (the PC build's luat_timer_pc.c), and re-arms only
 * while it was above 0 or is -1.
 */
export function installRtos(ctx: FirmwareContext, timerCountsTwice = false): void {
    // luat_timer_get finds a timer by id; a second start with the same id adds another.
    const timers: Timer[] = [];
    // require's search paths (rtos.setPaths); a reboot starts a new state with none, as the C array starts zeroed.
    const search = useModuleSearch(ctx.L);

    const remove = (timer: Timer) => {
        timer.cancel();
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
    };

    const deliver = (timer: Timer) => (L: LuaState) => {
        // l_timer_handler: a timer stopped meanwhile delivers nothing (rtos.receive returns no values).
        if (!timers.includes(timer)) return 0;
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
            if (timerCountsTwice) {
                // luat_timer_pc.c timer_cb: re-arms while repeats remain (or for ever at -1), counting one down.
                const again = timer.repeat > 0 || timer.repeat === -1;
                if (timer.repeat > 0) timer.repeat -= 1;
                if (again && timers.includes(timer)) arm(timer, at + timer.timeout);
            } else if (timer.repeat !== 0 && timers.includes(timer)) arm(timer, at + timer.timeout);
            ctx.post(deliver(timer));
        });
    };

    defineModule(
        ctx.L,
        "rtos",
        {
            timer_start: L => {
                const id = lauxlib.luaL_checkinteger(L, 1) as number;
                const timeout = lauxlib.luaL_checkinteger(L, 2) as number;
                const repeat = lauxlib.luaL_optinteger(L, 3, 0) as number;
                if (timeout < 1) {
                    lua.lua_pushinteger(L, 0);
                    return 1;
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
            // Each of the four slots takes its argument when it is a string (or number), else it is emptied;
            // a bad template raises with the slots before it already set (luat_lib_rtos.c:364).
            setPaths: L => {
                for (let i = 0; i < 4; i++) {
                    if (lua.lua_isstring(L, i + 1)) {
                        const bytes = lauxlib.luaL_checklstring(L, i + 1) as Uint8Array;
                        const error = templateError(bytes);
                        if (error !== undefined) return raiseWhere(L, error);
                        search.customPaths[i] = textOf(bytes);
                    } else search.customPaths[i] = "";
                }
                return 0;
            },
            reboot: L => {
                ctx.reboot(L);
                return 0;
            },
            standy: L => {
                lauxlib.luaL_checkinteger(L, 1);
                return 0;
            },
            nop: () => 0,
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
                lua.lua_pushstring(L, S(`LuatOS-SoC_${ctx.board.version}_${ctx.board.bsp}`));
                return 1;
            },
            meminfo: L => {
                const kind = lua.lua_isnoneornil(L, 1) ? "lua" : textOf(stringAt(L, 1) ?? S("lua"));
                const [total, used, max] = kind === "sys" ? [ctx.board.sysHeap[0], ctx.board.sysHeap[1], ctx.board.sysHeap[1]] : ctx.meminfo();
                lua.lua_pushinteger(L, total);
                lua.lua_pushinteger(L, used);
                lua.lua_pushinteger(L, max);
                return 3;
            },
        },
        { INF_TIMEOUT: -1, MSG_TIMER },
    );
}
