/** Small helpers over fengari's C-like API, shared by the emulated firmware modules. */
import { lua, lauxlib, to_jsstring, to_luastring, type JsFunction, type LuaState } from "fengari";
import { deviceTolstring, isFloat32 } from "./float32.js";

export type { JsFunction, LuaState };
export { lua, lauxlib };

const cache = new Map<string, Uint8Array>();

/** A JavaScript string as a Lua string (UTF-8), cached: use for names and constants. */
export function S(text: string): Uint8Array {
    let bytes = cache.get(text);
    if (bytes === undefined) {
        bytes = to_luastring(text);
        cache.set(text, bytes);
    }
    return bytes;
}

/** UTF-8 bytes of a JavaScript string (not cached: use for data). */
export function bytesOf(text: string): Uint8Array {
    return to_luastring(text);
}

/** Lua bytes as JavaScript text; invalid UTF-8 becomes U+FFFD. */
export function textOf(bytes: Uint8Array): string {
    return to_jsstring(bytes, 0, bytes.length, true);
}

/** A value the host can pass into the device (topics, arguments). */
export type DeviceValue = string | number | boolean | null | undefined | Uint8Array;

/** Pushes a host value: integers that fit 32 bits become Lua integers, other numbers floats. */
export function pushValue(L: LuaState, value: DeviceValue): void {
    if (value === null || value === undefined) lua.lua_pushnil(L);
    else if (typeof value === "string") lua.lua_pushstring(L, bytesOf(value));
    else if (typeof value === "boolean") lua.lua_pushboolean(L, value);
    else if (typeof value === "number") {
        if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) lua.lua_pushinteger(L, value);
        else lua.lua_pushnumber(L, value);
    } else lua.lua_pushlstring(L, value, value.length);
}

/** `tostring(value)` of the value at `idx`, as bytes (respects __tostring; floats as the state's firmware prints them). */
export function tostringBytes(L: LuaState, idx: number): Uint8Array {
    const bytes = isFloat32(L) ? deviceTolstring(L, idx) : (lauxlib.luaL_tolstring(L, idx) as Uint8Array);
    lua.lua_pop(L, 1);
    return bytes;
}

/** Bytes of the string (or number) at `idx`, or undefined for other types. */
export function stringAt(L: LuaState, idx: number): Uint8Array | undefined {
    if (!lua.lua_isstring(L, idx)) return undefined;
    return lua.lua_tolstring(L, idx) as Uint8Array;
}

/** Sets `fields` as functions of the table on top of the stack. */
export function setFunctions(L: LuaState, fields: Record<string, JsFunction>): void {
    for (const [name, fn] of Object.entries(fields)) {
        lua.lua_pushcfunction(L, fn);
        lua.lua_setfield(L, -2, S(name));
    }
}

/** Sets integer fields of the table on top of the stack. */
export function setIntegers(L: LuaState, fields: Record<string, number>): void {
    for (const [name, value] of Object.entries(fields)) {
        lua.lua_pushinteger(L, value);
        lua.lua_setfield(L, -2, S(name));
    }
}

/** Creates a global table `name` holding `functions` and `integers`. */
export function defineModule(L: LuaState, name: string, functions: Record<string, JsFunction>, integers: Record<string, number> = {}): void {
    lua.lua_createtable(L, 0, Object.keys(functions).length + Object.keys(integers).length);
    setFunctions(L, functions);
    setIntegers(L, integers);
    // Like luaL_requiref: package.loaded[name] and the global.
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_pushvalue(L, -2);
    lua.lua_setfield(L, -2, S(name));
    lua.lua_pop(L, 1);
    lua.lua_setglobal(L, S(name));
}

/** Raises `message` prefixed with the calling Lua code's position, as a C function's luaL_error does (luaL_where level 1). */
export function raiseWhere(L: LuaState, message: string): never {
    lauxlib.luaL_where(L, 1);
    lua.lua_pushstring(L, bytesOf(message));
    lua.lua_concat(L, 2);
    lua.lua_error(L);
    throw new Error("unreachable");
}

/** fengari's marker of skipped tail calls in a traceback, and C Lua 5.3's (lauxlib.c luaL_traceback). */
const FENGARI_TAIL_CALLS = "\n\t(...tail calls..)";
const LUA_TAIL_CALLS = "\n\t(...tail calls...)";
/** fengari's source of a JavaScript function's frame, and C Lua's of a C function's. */
const FENGARI_HOST_FRAME = "\n\t[JS]:";
const LUA_C_FRAME = "\n\t[C]:";

/**
 * A traceback fengari wrote, as C Lua writes it: "(...tail calls...)" and
 * `[C]` for host functions' frames; the first `from` bytes (the message in
 * front of it) are left as they are.
 */
export function luaTracebackText(bytes: Uint8Array, from = 0): Uint8Array {
    const text = Buffer.from(bytes.subarray(from)).toString("latin1");
    if (!text.includes(FENGARI_TAIL_CALLS) && !text.includes(FENGARI_HOST_FRAME)) return bytes;
    const fixed = text.split(FENGARI_TAIL_CALLS).join(LUA_TAIL_CALLS).split(FENGARI_HOST_FRAME).join(LUA_C_FRAME);
    return Uint8Array.from(Buffer.concat([bytes.subarray(0, from), Buffer.from(fixed, "latin1")]));
}

/** luaL_traceback of `L1` (from `level`) as C Lua words it, popped from `L`'s stack and returned as text. */
export function tracebackOf(L: LuaState, L1: LuaState, level: number): string {
    lauxlib.luaL_traceback(L, L1, null, level);
    const bytes = luaTracebackText(lua.lua_tolstring(L, -1) as Uint8Array);
    lua.lua_pop(L, 1);
    return textOf(bytes);
}

/** Raises a Lua error with a plain message (no position, like a C function's lua_error). */
export function raise(L: LuaState, message: string): never {
    lua.lua_pushstring(L, bytesOf(message));
    lua.lua_error(L);
    throw new Error("unreachable");
}

export { concatBytes } from "./net/bytes.js";
