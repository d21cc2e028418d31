/**
 * print (the 5.3 base library's print as the 2021 firmware built it,
 * written to the serial port): each value through the *global* tostring,
 * joined by tabs, one line. Replacing `tostring` changes what print (and
 * so log) shows; tostring must return a string.
 */
import { lauxlib, lua, S, tostringBytes, textOf } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

export function installPrint(ctx: FirmwareContext): void {
    lua.lua_pushcfunction(ctx.L, (L: unknown) => {
        const n = lua.lua_gettop(L) as number;
        const parts: string[] = [];
        lua.lua_getglobal(L, S("tostring"));
        for (let i = 1; i <= n; i += 1) {
            lua.lua_pushvalue(L, -1);
            lua.lua_pushvalue(L, i);
            lua.lua_call(L, 1, 1);
            if (!lua.lua_isstring(L, -1)) return lauxlib.luaL_error(L, S("'tostring' must return a string to 'print'")) as number;
            parts.push(textOf(tostringBytes(L as never, -1)));
            lua.lua_pop(L, 1);
        }
        ctx.write(parts.join("\t") + "\n");
        return 0;
    });
    lua.lua_setglobal(ctx.L, S("print"));
}
