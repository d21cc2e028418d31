/** print (Lua's base print, written to the serial port): values via tostring, joined by tabs, one line. */
import { lua, S, tostringBytes, textOf } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

export function installPrint(ctx: FirmwareContext): void {
    lua.lua_pushcfunction(ctx.L, (L: unknown) => {
        const n = lua.lua_gettop(L) as number;
        const parts: string[] = [];
        for (let i = 1; i <= n; i += 1) parts.push(textOf(tostringBytes(L as never, i)));
        ctx.write(parts.join("\t") + "\n");
        return 0;
    });
    lua.lua_setglobal(ctx.L, S("print"));
}
