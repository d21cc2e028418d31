/**
 * os.exit. On the PC build it ends the process with the given code; on a
 * module the firmware would stop. The simulator stops this firmware for
 * good: the bus takes no more messages, timers and sockets go quiet, and Lua
 * stops at the first point where it can hand control back to the device
 * loop (a count hook yields the running coroutine, then the main thread).
 * Code inside a C call that cannot yield (a table.sort comparator, a
 * __tostring) runs on until it returns to Lua.
 */
import { lauxlib, lua, S, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

/** What os.exit stops: shared by the modules of one boot. */
export interface Halt {
    /** True once os.exit ran. */
    halted: boolean;
    /** The code os.exit was given. */
    code: number | undefined;
    /** Work to cancel when the firmware stops (sockets). */
    readonly onHalt: (() => void)[];
}

export function installOsExit(ctx: FirmwareContext, halt: Halt): void {
    // After os.exit nothing reaches Lua any more: not the firmware's messages, not the host's publish.
    const post = ctx.post.bind(ctx);
    ctx.post = message => {
        if (!halt.halted) post(message);
    };
    lua.lua_getglobal(ctx.L, S("os"));
    lua.lua_pushcfunction(ctx.L, (L: LuaState) => {
        let code = 0;
        if (lua.lua_isboolean(L, 1)) code = lua.lua_toboolean(L, 1) ? 0 : 1;
        else code = lauxlib.luaL_optinteger(L, 1, 0) as number;
        return stopFirmware(ctx, halt, L, code, `os.exit(${code})`);
    });
    lua.lua_setfield(ctx.L, -2, S("exit"));
    lua.lua_pop(ctx.L, 1);
}

const stopHook = (L: LuaState) => {
    if (lua.lua_isyieldable(L)) lua.lua_yield(L, 0);
};

/**
 * Ends the firmware as the PC build's exit(code) ends its process: called
 * from a C function (os.exit, pm.shutdown) running on `L`; `what` names the
 * call in the simulator's note. Returns the C function's result count (0).
 */
export function stopFirmware(ctx: FirmwareContext, halt: Halt, L: LuaState, code: number, what: string): number {
    if (!halt.halted) {
        halt.halted = true;
        halt.code = code;
        ctx.exited = true;
        for (const fn of halt.onHalt.splice(0)) fn();
        ctx.write(`[sim] ${what}: the firmware stopped\n`);
    }
    lua.lua_sethook(L, stopHook, lua.LUA_MASKCOUNT, 1);
    if (ctx.mainThread !== L) lua.lua_sethook(ctx.mainThread, stopHook, lua.LUA_MASKCOUNT, 1);
    return 0;
}
