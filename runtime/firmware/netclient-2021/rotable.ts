/**
 * The 2021 firmware's C libraries are "rotables" (read-only tables kept in
 * flash, LuatOS's rotable.c): to Lua they are userdata. `type(rtos)` is
 * "userdata", `tostring` gives "rotable: <address>", fields read through
 * `__index`, assigning one is an error ("attempt to index a rotable
 * value"), `#` is 0, and `pairs` walks the functions only (the integer
 * constants are readable but not listed). Their functions have no global
 * name for error messages (bad argument #1 to '?') because the search
 * through package.loaded only descends into real tables.
 */
import { lauxlib, lua, S, setFunctions, setIntegers, type JsFunction, type LuaState } from "../../lua.js";

const ROTABLE = "rotable";

/** Defines global `name` (and package.loaded[name]) as a rotable of `functions` and `integers`. */
export function defineRotable(L: LuaState, name: string, functions: Record<string, JsFunction>, integers: Record<string, number> = {}): void {
    // The entries: a plain table only the metamethods see (upvalue 1).
    lua.lua_createtable(L, 0, Object.keys(functions).length + Object.keys(integers).length);
    setFunctions(L, functions);
    setIntegers(L, integers);
    const entries = lua.lua_gettop(L) as number;

    lua.lua_newuserdata(L, 0);
    lua.lua_createtable(L, 0, 5);
    lua.lua_pushstring(L, S(ROTABLE));
    lua.lua_setfield(L, -2, S("__name"));
    lua.lua_pushvalue(L, entries);
    lua.lua_pushcclosure(
        L,
        (L1: LuaState) => {
            lua.lua_pushvalue(L1, 2);
            lua.lua_rawget(L1, lua.lua_upvalueindex(1));
            return 1;
        },
        1,
    );
    lua.lua_setfield(L, -2, S("__index"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        lua.lua_pushinteger(L1, 0);
        return 1;
    });
    lua.lua_setfield(L, -2, S("__len"));
    lua.lua_pushvalue(L, entries);
    lua.lua_pushcclosure(
        L,
        (L1: LuaState) => {
            // pairs: a "next" over the function entries only.
            lua.lua_pushvalue(L1, lua.lua_upvalueindex(1));
            lua.lua_pushcclosure(
                L1,
                (L2: LuaState) => {
                    lua.lua_settop(L2, 2);
                    lua.lua_pushvalue(L2, lua.lua_upvalueindex(1));
                    lua.lua_pushvalue(L2, 2);
                    while (lua.lua_next(L2, 3) !== 0) {
                        if (lua.lua_type(L2, -1) === lua.LUA_TFUNCTION) return 2;
                        lua.lua_pop(L2, 1);
                    }
                    lua.lua_pushnil(L2);
                    return 1;
                },
                1,
            );
            lua.lua_pushvalue(L1, 1);
            lua.lua_pushnil(L1);
            return 3;
        },
        1,
    );
    lua.lua_setfield(L, -2, S("__pairs"));
    lua.lua_setmetatable(L, -2);

    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_pushvalue(L, -2);
    lua.lua_setfield(L, -2, S(name));
    lua.lua_pop(L, 1);
    lua.lua_setglobal(L, S(name));
    lua.lua_pop(L, 1);
}
