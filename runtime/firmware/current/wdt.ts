/**
 * wdt (luat/modules/luat_lib_wdt.c) as the PC build runs it: the port's
 * luat_wdt_init/set_timeout/feed/close (bsp/pc/port/driver/luat_wdt_pc.c)
 * succeed without a watchdog (their mock hooks answer nothing), so every
 * function returns true and nothing ever resets the device. `init` and
 * `setTimeout` read an optional integer timeout (luat_lib_wdt.c:30, 52).
 */
import { lauxlib, lua, defineModule, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

/** The C's luaL_optinteger(L, 1, 10), then success. */
const withTimeout = (L: LuaState): number => {
    lauxlib.luaL_optinteger(L, 1, 10);
    lua.lua_pushboolean(L, true);
    return 1;
};

const success = (L: LuaState): number => {
    lua.lua_pushboolean(L, true);
    return 1;
};

/** Installs `wdt`. */
export function installWdt(ctx: FirmwareContext): void {
    defineModule(ctx.L, "wdt", { init: withTimeout, setTimeout: withTimeout, feed: success, close: success });
}
