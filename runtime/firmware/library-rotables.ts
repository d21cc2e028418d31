/**
 * The simulator builds a firmware's libraries as fengari tables (vm.ts
 * patches the standard ones, the generation's modules add to them); once
 * everything is installed, each generation turns them into flash rotables
 * (flash-rotable.ts) holding the same values in the order of the
 * firmware's C array (rotable_Reg), which is the order `pairs` lists them
 * in. The standard libraries' C arrays are in lua/src (lstrlib.c,
 * ltablib.c, lmathlib.c, loslib.c, liolib.c, lcorolib.c, ldblib.c,
 * lutf8lib.c); their string metatable's `__index` is a C closure over the
 * same array (rotable_newidx), not the library.
 */
import { lua, S, textOf, type JsFunction, type LuaState } from "../lua.js";
import { defineRotable, pushRotableIndex, type RotableEntries, type RotableKind, type RotableValue } from "./flash-rotable.js";

/**
 * What a library's C array holds that its simulator table does not: `undefined`
 * leaves the entry out, otherwise the entry's value (a stand-in function, a
 * constant).
 */
export type MissingEntry = (library: string, key: string) => RotableValue | undefined;

/** Reads global table `library`'s entries named in `order`, in that order, as rotable values. */
export function libraryEntries(L: LuaState, library: string, order: readonly string[], missing: MissingEntry = () => undefined): RotableEntries {
    const entries: [string, RotableValue][] = [];
    lua.lua_getglobal(L, S(library));
    if (!lua.lua_istable(L, -1)) throw new Error(`${library} is not a table to make a rotable of`);
    for (const key of order) {
        const type = lua.lua_getfield(L, -1, S(key)) as number;
        let value: RotableValue | undefined;
        if (type === lua.LUA_TFUNCTION) {
            const fn = lua.lua_tocfunction(L, -1) as JsFunction | null;
            // A rotable entry is a bare C function: upvalues would be lost.
            if (fn === null || lua.lua_getupvalue(L, -1, 1) !== null) throw new Error(`${library}.${key}: a rotable holds host functions without upvalues`);
            value = fn;
        } else if (type === lua.LUA_TNUMBER) {
            value = lua.lua_isinteger(L, -1) ? { integer: lua.lua_tointeger(L, -1) as number } : { number: lua.lua_tonumber(L, -1) as number };
        } else if (type === lua.LUA_TSTRING) {
            value = { string: textOf(lua.lua_tolstring(L, -1) as Uint8Array) };
        } else if (type === lua.LUA_TLIGHTUSERDATA && lua.lua_touserdata(L, -1) === null) {
            value = { pointer: null };
        } else if (type === lua.LUA_TNIL) {
            value = missing(library, key);
        } else {
            throw new Error(`${library}.${key} is a ${textOf(lua.lua_typename(L, type) as Uint8Array)}`);
        }
        lua.lua_pop(L, 1);
        if (value !== undefined) entries.push([key, value]);
    }
    lua.lua_pop(L, 1);
    return entries;
}

/**
 * Replaces each global library table (and its package.loaded entry) with a
 * rotable of the entries named in `layouts[library]`, in that order; the
 * string metatable's `__index` becomes the closure over string's entries.
 */
export function librariesToRotables(L: LuaState, layouts: Readonly<Record<string, readonly string[]>>, kind: RotableKind, missing?: MissingEntry): void {
    for (const [library, order] of Object.entries(layouts)) {
        const entries = libraryEntries(L, library, order, missing);
        defineRotable(L, library, entries, kind);
        if (library === "string") {
            const functions = Object.fromEntries(entries.filter((entry): entry is [string, JsFunction] => typeof entry[1] === "function"));
            lua.lua_pushstring(L, S(""));
            lua.lua_getmetatable(L, -1);
            pushRotableIndex(L, functions);
            lua.lua_setfield(L, -2, S("__index"));
            lua.lua_pop(L, 2);
        }
    }
}
