/**
 * sys and sysplus as the firmware embeds them. The firmware's `require`
 * looks in the script image first and then among its built-in Lua
 * libraries, and at boot it loads `sys` and `sysplus` that way into the
 * globals: a build with its own sys.lua runs on that one (luatos-pc does
 * this), a build without one gets the built-in sys.
 *
 * The built-in sys is the Lua in sys.lua beside this file (the toolkit's
 * own implementation); the built-in sysplus is `require("sys")` (sysplus is
 * sys on this firmware).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLKIT_ROOT } from "../../../common/toolkit-root.js";
import { lauxlib, lua, S, bytesOf, textOf } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { registerBuiltinModules, type BuiltinModule } from "../../vm.js";

/** The Lua source of the built-in sys. */
export const SYS_LUA = fs.readFileSync(path.join(TOOLKIT_ROOT, "runtime", "firmware", "current", "sys.lua"));

/** Chunk name of the built-in sys in tracebacks (the PC build shows `/lua/sys.lua`). */
export const SYS_CHUNK = "@/lua/sys.lua";

const SYSPLUS_LUA = bytesOf('return require("sys")\n');

/** The built-in libraries, found after the script folder. */
const BUILT_IN: Record<string, BuiltinModule> = {
    sys: { source: SYS_LUA, chunk: SYS_CHUNK.slice(1) },
    sysplus: { source: SYSPLUS_LUA, chunk: "/lua/sysplus.lua" },
};

export function installSys(ctx: FirmwareContext): void {
    const L = ctx.L;
    registerBuiltinModules(L, BUILT_IN);

    // Boot: _G.sys = require("sys"); _G.sysplus = require("sysplus").
    for (const name of ["sys", "sysplus"]) {
        lua.lua_getglobal(L, S("require"));
        lua.lua_pushstring(L, S(name));
        if (lua.lua_pcall(L, 1, 1, 0) !== lua.LUA_OK) {
            // A build's own sys.lua that fails: the firmware reports it and runs main.lua without it.
            ctx.write(`[sim] loading ${name} failed: ${textOf(lauxlib.luaL_tolstring(L, -1) as Uint8Array)}\n`);
            lua.lua_pop(L, 2);
            continue;
        }
        lua.lua_setglobal(L, S(name));
    }
}
