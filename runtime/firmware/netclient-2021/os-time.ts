/**
 * os.time / os.date / os.clock on the device clock: the RTC starts at the
 * board's epoch (1970 plus uptime, an RT-Thread soft RTC) and ntpSync sets
 * it. Dates are UTC, independent of the host's time zone.
 */
import { lauxlib, lua, S, bytesOf, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

export function installOsTime(ctx: FirmwareContext): void {
    const L0 = ctx.L;
    lua.lua_getglobal(L0, S("os"));
    lua.lua_getfield(L0, -1, S("date"));
    const originalDate = lauxlib.luaL_ref(L0, lua.LUA_REGISTRYINDEX) as number;
    const seconds = () => Math.floor(ctx.epochMs() / 1000);

    const field = (L: LuaState, name: string, fallback?: number): number => {
        lua.lua_getfield(L, 1, S(name));
        const isNumber = lua.lua_isinteger(L, -1) || lua.lua_isnumber(L, -1);
        const value = isNumber ? Math.floor(lua.lua_tonumber(L, -1) as number) : undefined;
        lua.lua_pop(L, 1);
        if (value !== undefined) return value;
        if (fallback === undefined) return lauxlib.luaL_error(L, S(`field '${name}' missing in date table`)) as never;
        return fallback;
    };

    const fns: Record<string, (L: LuaState) => number> = {
        time: L => {
            if (lua.lua_isnoneornil(L, 1)) {
                lua.lua_pushinteger(L, seconds());
                return 1;
            }
            lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
            const ms = Date.UTC(field(L, "year"), field(L, "month") - 1, field(L, "day"), field(L, "hour", 12), field(L, "min", 0), field(L, "sec", 0));
            lua.lua_pushinteger(L, Math.floor(ms / 1000));
            return 1;
        },
        date: L => {
            let format = lua.lua_isnoneornil(L, 1) ? "%c" : textOf(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            const t = lua.lua_isnoneornil(L, 2) ? seconds() : (lauxlib.luaL_checkinteger(L, 2) as number);
            if (!format.startsWith("!")) format = "!" + format;
            lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, originalDate);
            lua.lua_pushstring(L, bytesOf(format));
            lua.lua_pushinteger(L, t);
            lua.lua_call(L, 2, 1);
            return 1;
        },
        clock: L => {
            lua.lua_pushnumber(L, ctx.clock.now() / 1000);
            return 1;
        },
    };
    for (const [name, fn] of Object.entries(fns)) {
        lua.lua_pushcfunction(L0, fn);
        lua.lua_setfield(L0, -2, S(name));
    }
    // Nothing on a device may end or reach outside the host process.
    for (const name of ["exit", "execute", "getenv", "tmpname", "remove", "rename", "setlocale"]) {
        lua.lua_pushnil(L0);
        lua.lua_setfield(L0, -2, S(name));
    }
    lua.lua_pop(L0, 1);
}
