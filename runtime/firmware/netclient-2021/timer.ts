/**
 * timer (luat_lib_timer.c): `timer.mdelay(ms)` busy-waits in C, so the Lua
 * thread stops for `ms` of device time while timers and the network go on;
 * nothing else of the firmware runs Lua meanwhile. A delay of 0 or less
 * returns at once (the C code checks `ms > 0`).
 */
import { lauxlib, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { defineFlashRotable } from "../flash-rotable.js";

/**
 * A C busy-wait of `ms` (> 0) of device time: the Lua thread stops while the
 * clock (timers, network) runs on and their messages wait on the bus.
 * Returns no values; use as `return blockFor(ctx, L, ms)` in a C function.
 */
export function blockFor(ctx: FirmwareContext, L: LuaState, ms: number): number {
    let done = false;
    ctx.clock.after(ms, () => {
        done = true;
    });
    return ctx.waitInC(L, () => done, ms, () => 0);
}

/** timer. */
export function installTimer(ctx: FirmwareContext): void {
    defineFlashRotable(ctx.L, "timer", {
        mdelay: L => {
            const ms = lauxlib.luaL_checkinteger(L, 1) as number;
            return ms > 0 ? blockFor(ctx, L, ms) : 0;
        },
    });
}
