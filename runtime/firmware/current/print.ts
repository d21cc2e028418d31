/**
 * print as the current firmware builds Lua's base print (lbaselib.c:66 in
 * the LuatOS tree): values through tostring, separated by one space (the
 * 2021 firmware used a tab), one line on the serial port.
 *
 * The PC build's console adds a `[date][ticks] ` prefix to every line; the
 * simulator prints lines without it (the device time is in each LogLine).
 */
import { lua, S, tostringBytes, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

export function installPrint(ctx: FirmwareContext): void {
    lua.lua_pushcfunction(ctx.L, (L: LuaState) => {
        const n = lua.lua_gettop(L) as number;
        const parts: string[] = [];
        for (let i = 1; i <= n; i += 1) parts.push(textOf(tostringBytes(L, i)));
        ctx.write(parts.join(" ") + "\n");
        return 0;
    });
    lua.lua_setglobal(ctx.L, S("print"));
}
