/**
 * A rotable whose entries cost no Lua heap, like LuatOS's rotables in flash
 * (rotable.c): the module is a zero-size userdata whose `__index`, `__len`
 * and `__pairs` are light C functions (JavaScript closures with no Lua
 * upvalues), so the heap estimate charges only the userdata and its
 * metatable, not a table of functions and constants. To Lua it behaves as
 * `defineRotable` (rotable.ts)'s modules: `type` is "userdata", `tostring` gives
 * "rotable: <address>", assignment fails, `#` is 0, `pairs` lists the
 * functions only. A function read twice is the same value.
 */
import { lauxlib, lua, S, textOf, type JsFunction, type LuaState } from "../../lua.js";

/** Defines global `name` (and package.loaded[name]) as a flash rotable of `functions` and `integers`. */
export function defineFlashRotable(L: LuaState, name: string, functions: Record<string, JsFunction>, integers: Record<string, number> = {}): void {
    const functionNames = Object.keys(functions);
    lua.lua_newuserdata(L, 0);
    lua.lua_createtable(L, 0, 4);
    lua.lua_pushstring(L, S("rotable"));
    lua.lua_setfield(L, -2, S("__name"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        const key = lua.lua_type(L1, 2) === lua.LUA_TSTRING ? textOf(lua.lua_tolstring(L1, 2) as Uint8Array) : undefined;
        if (key !== undefined && Object.hasOwn(functions, key)) lua.lua_pushcfunction(L1, functions[key]!);
        else if (key !== undefined && Object.hasOwn(integers, key)) lua.lua_pushinteger(L1, integers[key]!);
        else lua.lua_pushnil(L1);
        return 1;
    });
    lua.lua_setfield(L, -2, S("__index"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        lua.lua_pushinteger(L1, 0);
        return 1;
    });
    lua.lua_setfield(L, -2, S("__len"));
    const next = (L1: LuaState) => {
        lua.lua_settop(L1, 2);
        const previous = lua.lua_type(L1, 2) === lua.LUA_TSTRING ? functionNames.indexOf(textOf(lua.lua_tolstring(L1, 2) as Uint8Array)) : -1;
        const key = functionNames[previous + 1];
        if (key === undefined) {
            lua.lua_pushnil(L1);
            return 1;
        }
        lua.lua_pushstring(L1, S(key));
        lua.lua_pushcfunction(L1, functions[key]!);
        return 2;
    };
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        lua.lua_pushcfunction(L1, next);
        lua.lua_pushvalue(L1, 1);
        lua.lua_pushnil(L1);
        return 3;
    });
    lua.lua_setfield(L, -2, S("__pairs"));
    lua.lua_setmetatable(L, -2);

    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_pushvalue(L, -2);
    lua.lua_setfield(L, -2, S(name));
    lua.lua_pop(L, 1);
    lua.lua_setglobal(L, S(name));
}
