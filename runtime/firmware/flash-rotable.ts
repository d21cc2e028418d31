/**
 * LuatOS's C libraries are "rotables": a userdata of one `int` whose
 * entries are a C array in flash, read through the `__index`, `__len` and
 * `__pairs` light C functions of one metatable all rotables share (kept in
 * the registry). Both generations have one: the 2021 firmware's rotable.c
 * and today's rotable2.c. Here the metatable's functions are JavaScript
 * closures with no Lua upvalues and the entries live on the host, so the
 * heap estimate charges what the device does: the userdata and the shared
 * metatable, no table of functions and no name strings.
 *
 * To Lua, in both: `type` is "userdata", `tostring` gives
 * "rotable: <address>", `getmetatable` gives false (the metatable's
 * `__metatable`), assigning a field is an error ("attempt to index a
 * rotable value"), `#` is 0, and a function read twice is the same value.
 * The functions have no global name in error messages ("bad argument #1 to
 * '?'"): luaL_argerror's search through package.loaded only descends into
 * real tables. What `pairs` lists differs:
 * - rotable.c (2021): the functions only, in the array's order (integer
 *   constants are readable, not listed);
 * - rotable2.c (today's, rotable_iter): every entry in the array's order,
 *   constants included.
 * In both, the iterator returns nothing after the last entry and after a
 * key that is not an entry (rotable_iter).
 */
import { lauxlib, lua, raise, S, textOf, type JsFunction, type LuaState } from "../lua.js";
import { ROTABLE_BLOCK_BYTES } from "../memory.js";

/** One entry's value, as the C array's ROREG_* macros give it. */
export type RotableValue =
    /** ROREG_FUNC: a light C function. */
    | JsFunction
    /** ROREG_INT */
    | { integer: number }
    /** ROREG_NUM: a float. */
    | { number: number }
    /** ROREG_BOOL */
    | { boolean: boolean }
    /** ROREG_STR: a C string, read up to its first NUL (lua_pushstring). */
    | { string: string }
    /** ROREG_PTR: a light userdata; NULL (`json.null`), or an object standing for a C object in flash (a font). */
    | { pointer: object | null }
    /** A constant whose value the simulator does not know: reading it raises "<name> is not simulated". */
    | { notSimulated: string };

/** A rotable's entries in the order of its C array. */
export type RotableEntries = ReadonlyArray<readonly [string, RotableValue]>;

/** Which implementation: rotable.c (the 2021 firmware) or rotable2.c (today's). */
export type RotableKind = "rotable" | "rotable2";

interface Rotable {
    values: Map<string, RotableValue>;
    /** What `pairs` lists, in order. */
    listed: string[];
}

/** The entries of each flash rotable, by its userdata's block (the metatable is shared, as rotable.c shares one). */
const rotableAt = new WeakMap<object, Rotable>();
const METATABLE = "luatos-ts.flash-rotable";

function rotableOf(L: LuaState, index: number): Rotable | undefined {
    const block = lua.lua_touserdata(L, index) as object | null;
    return block === null ? undefined : rotableAt.get(block);
}

function stringKey(L: LuaState, index: number): string | undefined {
    return lua.lua_type(L, index) === lua.LUA_TSTRING ? textOf(lua.lua_tolstring(L, index) as Uint8Array) : undefined;
}

function pushValue(L: LuaState, value: RotableValue): void {
    if (typeof value === "function") lua.lua_pushcfunction(L, value);
    else if ("integer" in value) lua.lua_pushinteger(L, value.integer);
    else if ("number" in value) lua.lua_pushnumber(L, value.number);
    // A C string: it ends at its first NUL (utf8.charpattern, "[\0-\x7F\xC2-\xF4][\x80-\xBF]*", reads "[").
    else if ("string" in value) lua.lua_pushstring(L, S(value.string.split("\0")[0]!));
    else if ("boolean" in value) lua.lua_pushboolean(L, value.boolean);
    else if ("notSimulated" in value) raise(L, `${value.notSimulated} is not simulated`);
    else lua.lua_pushlightuserdata(L, value.pointer);
}

const index = (L: LuaState) => {
    const key = stringKey(L, 2);
    const value = key === undefined ? undefined : rotableOf(L, 1)?.values.get(key);
    if (value !== undefined) pushValue(L, value);
    else lua.lua_pushnil(L);
    return 1;
};

/** check_rotable: the rotable at `index`, or the error naming what is there instead (its `__name` if it has one). */
function checkRotable(L: LuaState, index: number, func: string): Rotable {
    const rotable = rotableOf(L, index);
    if (rotable !== undefined) return rotable;
    let type = textOf(lua.lua_typename(L, lua.lua_type(L, index)) as Uint8Array);
    if (lua.lua_type(L, index) === lua.LUA_TLIGHTUSERDATA) type = "light userdata";
    else if (lua.lua_getmetatable(L, index)) {
        if (lua.lua_getfield(L, -1, S("__name")) === lua.LUA_TSTRING) type = textOf(lua.lua_tolstring(L, -1) as Uint8Array);
        lua.lua_pop(L, 2);
    }
    lua.lua_pushstring(L, S(`bad argument #${index} to '${func}' (rotable expected, got ${type})`));
    return lua.lua_error(L) as never;
}

const next = (L: LuaState) => {
    const rotable = checkRotable(L, 1, "__pairs iterator");
    const listed = rotable.listed;
    // The key as lua_tostring reads it (a number becomes its text); one that is not listed ends the traversal, as the last one does.
    const previous = lua.lua_isnil(L, 2) ? undefined : lua.lua_isstring(L, 2) ? textOf(lua.lua_tolstring(L, 2) as Uint8Array) : "";
    const key = listed[previous === undefined ? 0 : listed.includes(previous) ? listed.indexOf(previous) + 1 : listed.length];
    if (key === undefined) return 0;
    lua.lua_pushstring(L, S(key));
    pushValue(L, rotable.values.get(key)!);
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

/** Pushes a new rotable of `entries` (rotable_newlib / rotable2_newlib). */
export function pushRotable(L: LuaState, entries: RotableEntries, kind: RotableKind): void {
    lua.lua_newuserdata(L, ROTABLE_BLOCK_BYTES);
    const values = new Map(entries);
    const listed = entries.filter(([, value]) => kind === "rotable2" || typeof value === "function").map(([name]) => name);
    rotableAt.set(lua.lua_touserdata(L, -1) as object, { values, listed });
    pushMetatable(L);
    lua.lua_setmetatable(L, -2);
}

/** Sets global `name` and package.loaded[name] to the value on top of the stack, popping it (luaL_requiref). */
function setGlobalAndLoaded(L: LuaState, name: string): void {
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_pushvalue(L, -2);
    lua.lua_setfield(L, -2, S(name));
    lua.lua_pop(L, 1);
    lua.lua_setglobal(L, S(name));
}

/** Defines global `name` (and package.loaded[name]) as a rotable of `entries`. */
export function defineRotable(L: LuaState, name: string, entries: RotableEntries, kind: RotableKind): void {
    pushRotable(L, entries, kind);
    setGlobalAndLoaded(L, name);
}

/**
 * Defines global `name` (and package.loaded[name]) as a 2021 rotable
 * (rotable.c) of `functions`, `integers` and NULL pointers (`nulls`), in
 * that order.
 */
export function defineFlashRotable(L: LuaState, name: string, functions: Record<string, JsFunction>, integers: Record<string, number> = {}, nulls: readonly string[] = []): void {
    const entries: [string, RotableValue][] = [
        ...Object.entries(functions),
        ...Object.entries(integers).map(([key, integer]): [string, RotableValue] => [key, { integer }]),
        ...nulls.map((key): [string, RotableValue] => [key, { pointer: null }]),
    ];
    defineRotable(L, name, entries, "rotable");
}

/**
 * Adds the functions the rotable at `index` does not have yet, after its
 * entries; false when the value there is not a rotable.
 */
export function addRotableFunctions(L: LuaState, index: number, functions: Record<string, JsFunction>): boolean {
    const rotable = lua.lua_type(L, index) === lua.LUA_TUSERDATA ? rotableOf(L, index) : undefined;
    if (rotable === undefined) return false;
    for (const [name, fn] of Object.entries(functions)) {
        if (rotable.values.has(name)) continue;
        rotable.values.set(name, fn);
        rotable.listed.push(name);
    }
    return true;
}

/**
 * Pushes what rotable_newidx / rotable2_newidx push: a C closure whose one
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
