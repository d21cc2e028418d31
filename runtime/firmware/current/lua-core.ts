/**
 * The Lua libraries of the current firmware differ from the 2021 build the
 * VM is set up as (runtime/vm.ts): the current firmware keeps `math.pi`,
 * `math.huge`, `utf8` and a `package` table (with `loaded`, without
 * searchers: its `require` is the firmware's own), as luatos-pc shows with
 * `print(type(package), math.pi, math.huge, type(utf8))` →
 * `table 3.141593 inf userdata`.
 */
import { lauxlib, lua, lualib } from "fengari";
import { S } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

export function installCurrentLuaCore(ctx: FirmwareContext): void {
    const L = ctx.L;
    lua.lua_getglobal(L, S("math"));
    if (lua.lua_istable(L, -1)) {
        lua.lua_pushnumber(L, Math.PI);
        lua.lua_setfield(L, -2, S("pi"));
        lua.lua_pushnumber(L, Infinity);
        lua.lua_setfield(L, -2, S("huge"));
    }
    lua.lua_pop(L, 1);

    lauxlib.luaL_requiref(L, S("utf8"), lualib.luaopen_utf8, 1);
    lua.lua_pop(L, 1);

    // package = { loaded = <the registry's _LOADED> }
    lua.lua_createtable(L, 0, 1);
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_setfield(L, -2, S("loaded"));
    lua.lua_pushvalue(L, -1);
    lua.lua_setglobal(L, S("package"));
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_insert(L, -2);
    lua.lua_setfield(L, -2, S("package"));
    lua.lua_pop(L, 1);
}
