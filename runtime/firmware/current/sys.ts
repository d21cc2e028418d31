/**
 * sys and sysplus as the firmware embeds them: the Lua in sys.lua beside
 * this file (the toolkit's own implementation) runs once at boot, like the
 * firmware compiling its built-in sys.lua, and becomes `package.loaded.sys`,
 * `package.loaded.sysplus` and the globals `sys` and `sysplus` (one table:
 * sysplus is sys on this firmware). A build needs no sys.lua of its own; a
 * `require("sys")` gets this one.
 */
import * as fs from "node:fs";
import { lauxlib, lua, S, textOf } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

/** The Lua source of the embedded sys. */
export const SYS_LUA = fs.readFileSync(new URL("./sys.lua", import.meta.url));

/** Chunk name of the embedded sys in tracebacks (the PC build shows `/lua/sys.lua`). */
export const SYS_CHUNK = "@/lua/sys.lua";

export function installSys(ctx: FirmwareContext): void {
    const L = ctx.L;
    if (lauxlib.luaL_loadbufferx(L, SYS_LUA, SYS_LUA.length, S(SYS_CHUNK), null) !== lua.LUA_OK) {
        throw new Error(`embedded sys.lua does not load: ${textOf(lua.lua_tolstring(L, -1) as Uint8Array)}`);
    }
    lua.lua_call(L, 0, 1);
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    for (const name of ["sys", "sysplus"]) {
        lua.lua_pushvalue(L, -2);
        lua.lua_setfield(L, -2, S(name));
    }
    lua.lua_pop(L, 1);
    lua.lua_pushvalue(L, -1);
    lua.lua_setglobal(L, S("sysplus"));
    lua.lua_setglobal(L, S("sys"));
}
