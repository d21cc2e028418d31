/**
 * timer (luat/modules/luat_lib_timer.c) of today's firmware. `mdelay(ms)`
 * blocks the Lua thread for `ms` of device time, as the 2021 module does
 * (netclient-2021/timer.ts), but only for an integer argument from 1 to 1023:
 * anything else, a float or a numeric string included, returns at once
 * without an error (luat_lib_timer.c:25). `udelay(us)` reads its argument
 * the same way and does nothing on the PC build (luat_timer_us_delay is
 * empty in bsp/pc/port/rtos/luat_timer_pc.c:124).
 */
import { lua, defineModule } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { blockFor } from "../netclient-2021/timer.js";

/** mdelay's bound: longer delays are ignored (luat_lib_timer.c:28). */
const MDELAY_LIMIT_MS = 1024;

/** Installs `timer`. */
export function installTimer(ctx: FirmwareContext): void {
    defineModule(ctx.L, "timer", {
        mdelay: L => {
            if (!lua.lua_isinteger(L, 1)) return 0;
            const ms = lua.lua_tointeger(L, 1) as number;
            return ms > 0 && ms < MDELAY_LIMIT_MS ? blockFor(ctx, L, ms) : 0;
        },
        udelay: () => 0,
    });
}
