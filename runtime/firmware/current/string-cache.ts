/**
 * `string.strs()` of the PC build (lstrlib_exts.c l_str_strs, registered
 * only under LUA_USE_LINUX / LUA_USE_WINDOWS / LUA_USE_MACOSX): a debug
 * dump of the VM's API string cache. It logs, at debug level under the tag
 * "str", `>> <text>` for every short string of `G(L)->strcache`
 * (STRCACHE_N × STRCACHE_M = 53 × 2 slots, llimits.h) and returns nothing.
 *
 * The cache is where `luaS_new` (lstring.c) keeps the strings the C code
 * makes from C strings: every slot starts as "not enough memory"
 * (luaS_init), the metamethod names (luaT_init) and reserved words
 * (luaX_init) pass through it, then every name the libraries register
 * (lua_setfield, lua_getfield, luaL_newmetatable...). A string's slot is
 * its C address modulo 53, which only the device's build knows: the
 * simulator places each string by a hash of its text instead, so it lists
 * the same kind of strings (the 106 lines, "not enough memory" in the
 * slots nothing reached, metamethod names, reserved words, the names of
 * the globals and of the registry's entries), not the same ones as the
 * device in the same order. fengari has no such cache of its own.
 */
import { lua, textOf, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";

/** llimits.h: rows of the cache, and strings per row. */
export const STRCACHE_N = 53;
export const STRCACHE_M = 2;
/** llimits.h LUAI_MAXSHORTLEN: longer strings are long strings, which strs does not print. */
const MAX_SHORT_LEN = 40;
/** lstring.c MEMERRMSG: what luaS_init fills the cache with. */
const MEMERRMSG = "not enough memory";

/** ltm.c luaT_eventname, in luaT_init's order. */
const EVENT_NAMES = ["__index", "__newindex", "__gc", "__mode", "__len", "__eq", "__add", "__sub", "__mul", "__mod", "__pow", "__div", "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr", "__unm", "__bnot", "__lt", "__le", "__concat", "__call"];
/** llex.c luaX_tokens: the reserved words luaX_init makes. */
const RESERVED_WORDS = ["and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"];

/** The slot of a string: a hash of its text standing for its C address (FNV-1a). */
function slotOf(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h % STRCACHE_N;
}

/** String keys of the table at the top of the stack, in traversal order. */
function stringKeys(L: LuaState): string[] {
    const keys: string[] = [];
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2) !== 0) {
        lua.lua_pop(L, 1);
        if (lua.lua_type(L, -1) === lua.LUA_TSTRING) keys.push(textOf(lua.lua_tolstring(L, -1) as Uint8Array));
    }
    return keys;
}

/** The cache as luaS_new leaves it after the boot's strings and the names the VM now holds. */
export function stringCache(L: LuaState): string[][] {
    const cache = Array.from({ length: STRCACHE_N }, () => Array.from({ length: STRCACHE_M }, () => MEMERRMSG));
    const luaSNew = (text: string) => {
        const row = cache[slotOf(text)]!;
        if (row.includes(text)) return;
        row.pop();
        row.unshift(text);
    };
    lua.lua_pushvalue(L, lua.LUA_REGISTRYINDEX);
    const registry = stringKeys(L);
    lua.lua_pop(L, 1);
    lua.lua_pushglobaltable(L);
    const globals = stringKeys(L);
    lua.lua_pop(L, 1);
    for (const text of [...EVENT_NAMES, ...RESERVED_WORDS, ...registry, ...globals]) luaSNew(text);
    return cache;
}

/** The `strs` function of the PC build's string library. */
export function strsFunction(ctx: FirmwareContext): (L: LuaState) => number {
    return L => {
        for (const row of stringCache(L)) {
            for (const text of row) if (new TextEncoder().encode(text).length <= MAX_SHORT_LEN) ctx.clog(LOG_LEVEL.DEBUG, "str", `>> ${text}`);
        }
        return 0;
    };
}
