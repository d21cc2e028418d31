/**
 * The 2021 firmware's C libraries are "rotables" (rotable.c): a userdata of
 * one `int` whose entries are a C array in flash, read through the `__index`,
 * `__len` and `__pairs` light C functions of one metatable all rotables
 * share (kept in the registry). Here the metatable's functions are
 * JavaScript closures with no Lua upvalues and the entries live on the host,
 * so the heap estimate charges what the device does: the userdata and the
 * shared metatable, no table of functions and no name strings.
 *
 * To Lua: `type` is "userdata", `tostring` gives "rotable: <address>",
 * `getmetatable` gives false (the metatable's `__metatable`), assigning a
 * field is an error ("attempt to index a rotable value"), `#` is 0, `pairs`
 * lists the functions only (integer constants are readable, not listed). A
 * function read twice is the same value. The functions have no global name
 * in error messages ("bad argument #1 to '?'"): luaL_argerror's search
 * through package.loaded only descends into real tables.
 */
import { lauxlib, lua, S, textOf, type JsFunction, type LuaState } from "../../lua.js";
import { ROTABLE_BLOCK_BYTES } from "../../memory.js";

interface Entries {
    functions: Record<string, JsFunction>;
    integers: Record<string, number>;
    /** Entries that read as a NULL light userdata (`json.null`: ROREG_PTR(NULL)). */
    nulls: readonly string[];
    /** Other entries: a function pushes the value (or raises). */
    readers: Readonly<Record<string, (L: LuaState) => void>>;
    names: string[];
}

/** The entries of each flash rotable, by its userdata's block (the metatable is shared, as rotable.c shares one). */
const entriesOf = new WeakMap<object, Entries>();
const METATABLE = "luatos-ts.flash-rotable";

function entriesAt(L: LuaState, index: number): Entries | undefined {
    const block = lua.lua_touserdata(L, index) as object | null;
    return block === null ? undefined : entriesOf.get(block);
}

function stringKey(L: LuaState, index: number): string | undefined {
    return lua.lua_type(L, index) === lua.LUA_TSTRING ? textOf(lua.lua_tolstring(L, index) as Uint8Array) : undefined;
}

const index = (L: LuaState) => {
    const entries = entriesAt(L, 1);
    const key = stringKey(L, 2);
    if (entries !== undefined && key !== undefined && Object.hasOwn(entries.functions, key)) lua.lua_pushcfunction(L, entries.functions[key]!);
    else if (entries !== undefined && key !== undefined && Object.hasOwn(entries.integers, key)) lua.lua_pushinteger(L, entries.integers[key]!);
    else if (entries !== undefined && key !== undefined && entries.nulls.includes(key)) lua.lua_pushlightuserdata(L, null);
    else if (entries !== undefined && key !== undefined && Object.hasOwn(entries.readers, key)) entries.readers[key]!(L);
    else lua.lua_pushnil(L);
    return 1;
};

const next = (L: LuaState) => {
    lua.lua_settop(L, 2);
    const names = entriesAt(L, 1)?.names ?? [];
    const previous = stringKey(L, 2);
    const key = names[previous === undefined ? 0 : names.indexOf(previous) + 1];
    if (key === undefined) {
        lua.lua_pushnil(L);
        return 1;
    }
    lua.lua_pushstring(L, S(key));
    lua.lua_pushcfunction(L, entriesAt(L, 1)!.functions[key]!);
    return 2;
};

/** Pushes the shared metatable, made on first use. */
function pushMetatable(L: LuaState): void {
    if (lauxlib.luaL_newmetatable(L, S(METATABLE)) === 0) return;
    lua.lua_pushstring(L, S("rotable"));
    lua.lua_setfield(L, -2, S("__name"));
    lua.lua_pushcfunction(L, index);
    lua.lua_setfield(L, -2, S("__index"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        lua.lua_pushinteger(L1, 0);
        return 1;
    });
    lua.lua_setfield(L, -2, S("__len"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        lua.lua_pushcfunction(L1, next);
        lua.lua_pushvalue(L1, 1);
        lua.lua_pushnil(L1);
        return 3;
    });
    lua.lua_setfield(L, -2, S("__pairs"));
    lua.lua_pushboolean(L, false);
    lua.lua_setfield(L, -2, S("__metatable"));
}

/**
 * Defines global `name` (and package.loaded[name]) as a flash rotable of
 * `functions`, `integers`, NULL pointers (`nulls`) and other constants
 * (`readers`: each pushes its value when read, or raises).
 */
export function defineFlashRotable(
    L: LuaState,
    name: string,
    functions: Record<string, JsFunction>,
    integers: Record<string, number> = {},
    nulls: readonly string[] = [],
    readers: Readonly<Record<string, (L: LuaState) => void>> = {},
): void {
    lua.lua_newuserdata(L, ROTABLE_BLOCK_BYTES);
    entriesOf.set(lua.lua_touserdata(L, -1) as object, { functions, integers, nulls, readers, names: Object.keys(functions) });
    pushMetatable(L);
    lua.lua_setmetatable(L, -2);

    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_pushvalue(L, -2);
    lua.lua_setfield(L, -2, S(name));
    lua.lua_pop(L, 1);
    lua.lua_setglobal(L, S(name));
}

/**
 * Adds functions to the flash rotable at `index` (those it does not have
 * yet); false when the value there is not a flash rotable.
 */
export function addFlashRotableFunctions(L: LuaState, index: number, functions: Record<string, JsFunction>): boolean {
    const entries = lua.lua_type(L, index) === lua.LUA_TUSERDATA ? entriesAt(L, index) : undefined;
    if (entries === undefined) return false;
    for (const [name, fn] of Object.entries(functions)) {
        if (Object.hasOwn(entries.functions, name)) continue;
        entries.functions[name] = fn;
        entries.names.push(name);
    }
    return true;
}

/**
 * Pushes what rotable_newidx (rotable.c) pushes: a C closure whose one
 * upvalue is a light userdata pointing at the entries, answering
 * `closure(object, key)` with the function named `key` (the `__index` of
 * the string metatable, lstrlib.c createmetatable).
 */
export function pushRotableIndex(L: LuaState, functions: Record<string, JsFunction>): void {
    lua.lua_pushlightuserdata(L, functions);
    lua.lua_pushcclosure(
        L,
        (L1: LuaState) => {
            const entries = lua.lua_touserdata(L1, lua.lua_upvalueindex(1)) as Record<string, JsFunction>;
            const key = stringKey(L1, 2);
            if (key !== undefined && Object.hasOwn(entries, key)) lua.lua_pushcfunction(L1, entries[key]!);
            else lua.lua_pushnil(L1);
            return 1;
        },
        1,
    );
}
