/**
 * Records every sys.publish: once `require("sys")` returns, sys.publish
 * (and the global sys_pub the C layer calls, when it is the same function)
 * is wrapped so each topic reaches the host before sys sees it.
 */
import { lua, S, textOf, tostringBytes, type LuaState } from "./lua.js";
import type { Publication } from "./device-options.js";

/** Wraps `publish` of the sys table on top of the stack of `L` to call `onPublish(topic, args)` first. */
export function watchPublish(L: LuaState, onPublish: (topic: string, args: Publication["args"]) => void): void {
    if (!lua.lua_istable(L, -1)) return;
    lua.lua_getfield(L, -1, S("publish"));
    if (!lua.lua_isfunction(L, -1)) {
        lua.lua_pop(L, 1);
        return;
    }
    lua.lua_getglobal(L, S("sys_pub"));
    const sameHook = lua.lua_rawequal(L, -1, -2) as boolean;
    lua.lua_pop(L, 1);
    lua.lua_pushcclosure(
        L,
        (L1: LuaState) => {
            const n = lua.lua_gettop(L1) as number;
            const args: Publication["args"] = [];
            for (let i = 1; i <= n; i += 1) {
                const type = lua.lua_type(L1, i) as number;
                if (type === lua.LUA_TNIL) args.push(null);
                else if (type === lua.LUA_TBOOLEAN) args.push(lua.lua_toboolean(L1, i) as boolean);
                else if (type === lua.LUA_TNUMBER) args.push(lua.lua_tonumber(L1, i) as number);
                else args.push(textOf(tostringBytes(L1, i)));
            }
            onPublish(String(args.shift() ?? "nil"), args);
            lua.lua_pushvalue(L1, lua.lua_upvalueindex(1));
            lua.lua_insert(L1, 1);
            lua.lua_call(L1, n, lua.LUA_MULTRET);
            return lua.lua_gettop(L1) as number;
        },
        1,
    );
    if (sameHook) {
        lua.lua_pushvalue(L, -1);
        lua.lua_setglobal(L, S("sys_pub"));
    }
    lua.lua_setfield(L, -2, S("publish"));
}
