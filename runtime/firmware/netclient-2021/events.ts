/**
 * Netclient events: EVENT() of luat_netclient_rtt.c (logs, then posts a
 * message unless the event has no callback) and the message handler of
 * luat_lib_socket.c that runs inside rtos.receive on the Lua main thread.
 */
import { lauxlib, lua, S, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import type { NetClient } from "./netclient.js";

/** NETC_EVENT_* of netclient.h. */
export const EVENT = { CONNECT_OK: 1, CONNECT_FAIL: 2, RECV: 4, ERROR: 7, END: 9 } as const;

/** How rtos.receive ends after a callback that was suspended inside (lua_callk's continuation). */
const afterCallback = (): number => 0;

/** The message luat_lib_netc_msg_handler runs for one event. */
function handler(ctx: FirmwareContext, c: NetClient, event: number, ref: number, data?: Uint8Array) {
    return (L: LuaState): number => {
        if (event === EVENT.END) {
            lua.lua_getglobal(L, S("sys_pub"));
            if (lua.lua_isfunction(L, -1)) {
                lua.lua_pushstring(L, S(`NETC_END_${c.id.toString(16)}`));
                lua.lua_call(L, 1, 0);
            } else lua.lua_pop(L, 1);
            // luat_lib_socket.c:93 calls luaL_unref with the reference and the
            // table swapped: a negative "reference" is ignored, so the object
            // stays referenced from the registry (and in the heap) until reboot.
            return 0;
        }
        ctx.clog(LOG_LEVEL.DEBUG, "luat.socket", `netc[${c.id}] event=${event} lua_ref=${ref}`);
        if (ref === 0) return 0;
        if (lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref) !== lua.LUA_TFUNCTION) {
            lua.lua_pop(L, 1);
            ctx.clog(LOG_LEVEL.WARN, "luat.socket", `netc[${c.id}] callback isn't a function`);
            return 0;
        }
        lua.lua_pushinteger(L, c.id);
        let args = 1;
        if (event === EVENT.CONNECT_OK || event === EVENT.CONNECT_FAIL) {
            lua.lua_pushinteger(L, event === EVENT.CONNECT_OK ? 1 : 0);
            args = 2;
        } else if (event === EVENT.RECV) {
            lua.lua_pushlstring(L, data!, data!.length);
            args = 2;
        }
        // With a continuation, so a C call in the callback that waits (tsend) can suspend the Lua thread
        // on the wall clock; rtos.receive then returns nothing, as here.
        lua.lua_callk(L, args, 0, 0, afterCallback);
        return 0;
    };
}

/**
 * EVENT(): logs "event type=N", then posts unless the event has no Lua
 * callback (END always goes). Returns whether a message was posted: the Lua
 * thread (higher priority) then runs before the poster continues.
 */
export function postEvent(ctx: FirmwareContext, c: NetClient, event: number, ref: number, data?: Uint8Array): boolean {
    if (!ctx.alive()) return false;
    ctx.clog(LOG_LEVEL.INFO, "luat.netc", `netc[${c.id}] event type=${event}`);
    if (event !== EVENT.END && ref === 0) return false;
    ctx.post(handler(ctx, c, event, ref, data));
    return true;
}
