/**
 * print (lbaselib.c luaB_print, written to the serial port): each value
 * through the *global* `tostring` (a firmware that replaces `tostring`
 * changes what print shows), joined by tabs, one line.
 */
import { lua, raise, S, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

export function installPrint(ctx: FirmwareContext): void {
    lua.lua_pushcfunction(ctx.L, (L: LuaState) => {
        const n = lua.lua_gettop(L) as number;
        lua.lua_getglobal(L, S("tostring"));
        const parts: string[] = [];
        for (let i = 1; i <= n; i += 1) {
            lua.lua_pushvalue(L, -1);
            lua.lua_pushvalue(L, i);
            lua.lua_call(L, 1, 1);
            const text = lua.lua_tolstring(L, -1) as Uint8Array | null;
            if (text === null) return raise(L, "'tostring' must return a string to 'print'");
            parts.push(textOf(text));
            lua.lua_pop(L, 1);
        }
        ctx.write(parts.join("\t") + "\n");
        return 0;
    });
    lua.lua_setglobal(ctx.L, S("print"));
}
