/**
 * How C modules publish sys topics: a message on the bus whose handler
 * calls the global `sys_pub` (defined by sys.lua) with the topic and its
 * values, as l_wlan_handler does (luat_lib_wlan.c:353). One message may
 * publish several topics in a row (WLAN_READY then NET_READY). Without
 * sys_pub the message does nothing.
 */
import { lua, pushValue, S, type DeviceValue, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

/** A topic and its values. */
export type Publication = readonly [topic: string, ...values: DeviceValue[]];

/** Posts one message that runs `sys_pub(topic, ...values)` for each publication, on the Lua main thread. */
export function postSysPub(ctx: FirmwareContext, ...publications: Publication[]): void {
    if (!ctx.alive()) return;
    ctx.post((L: LuaState) => {
        for (const [topic, ...values] of publications) {
            lua.lua_getglobal(L, S("sys_pub"));
            if (!lua.lua_isfunction(L, -1)) {
                lua.lua_pop(L, 1);
                return 0;
            }
            lua.lua_pushstring(L, S(topic));
            for (const value of values) pushValue(L, value);
            lua.lua_call(L, 1 + values.length, 0);
        }
        return 0;
    });
}
