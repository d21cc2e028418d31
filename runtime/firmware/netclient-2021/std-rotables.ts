/**
 * The standard libraries of the 2021 firmware are rotables too: its Lua
 * (lua/src/lstrlib.c, ltablib.c, lmathlib.c, loslib.c, liolib.c,
 * lcorolib.c, ldblib.c) opens each with `rotable_newlib` over a C array, so
 * `type(string)` is "userdata", a field cannot be assigned ("attempt to
 * index a rotable value"), `#string` is 0 and `pairs` lists the functions in
 * the array's order (the integer placeholders `math.maxinteger` and
 * `math.mininteger`, at the end, are readable and not listed). The string
 * metatable's `__index` is a C closure over the same array
 * (`rotable_newidx`), not the library. Only `_G` stays a table.
 *
 * The simulator builds the libraries as fengari tables (vm.ts patches them,
 * the generation's modules add `os.date`/`os.time`); once everything is
 * installed they are turned into flash rotables with the same functions.
 */
import { lua, S, textOf, type JsFunction, type LuaState } from "../../lua.js";
import { defineFlashRotable, pushRotableIndex } from "./flash-rotable.js";

/** Each library's entries in the order of its rotable_Reg array (names the simulator lacks are skipped). */
const ORDER: Record<string, string[]> = {
    coroutine: ["create", "resume", "running", "status", "wrap", "yield", "isyieldable"],
    table: ["concat", "insert", "pack", "unpack", "remove", "move", "sort"],
    io: ["open", "type", "exists", "fileSize", "readFile", "writeFile"],
    os: ["clock", "date", "difftime", "remove", "rename", "time"],
    string: ["byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack", "toHex", "fromHex", "split", "toValue", "urlEncode", "fromBase64", "toBase64"],
    math: ["abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "tointeger", "floor", "fmod", "ult", "log", "max", "min", "modf", "rad", "random", "randomseed", "sin", "sqrt", "tan", "type", "maxinteger", "mininteger"],
    debug: ["getuservalue", "gethook", "getinfo", "getlocal", "getregistry", "getmetatable", "getupvalue", "upvaluejoin", "upvalueid", "setuservalue", "sethook", "setlocal", "setmetatable", "setupvalue", "traceback"],
};

/** Reads the functions and integers of global table `name` in the array's order. */
function entriesOf(L: LuaState, name: string): { functions: Record<string, JsFunction>; integers: Record<string, number> } {
    const functions: Record<string, JsFunction> = {};
    const integers: Record<string, number> = {};
    lua.lua_getglobal(L, S(name));
    for (const key of ORDER[name]!) {
        const type = lua.lua_getfield(L, -1, S(key)) as number;
        if (type === lua.LUA_TFUNCTION) {
            const fn = lua.lua_tocfunction(L, -1) as JsFunction | null;
            // A rotable entry is a bare C function: upvalues would be lost.
            if (fn === null || lua.lua_getupvalue(L, -1, 1) !== null) throw new Error(`${name}.${key}: a rotable holds host functions without upvalues`);
            functions[key] = fn;
        } else if (type === lua.LUA_TNUMBER && lua.lua_isinteger(L, -1)) {
            integers[key] = lua.lua_tointeger(L, -1) as number;
        } else if (type !== lua.LUA_TNIL) {
            throw new Error(`${name}.${key} is a ${textOf(lua.lua_typename(L, type) as Uint8Array)}`);
        }
        lua.lua_pop(L, 1);
    }
    lua.lua_pop(L, 1);
    return { functions, integers };
}

/** Replaces the standard libraries (globals and package.loaded) with rotables, and the string metatable's __index. */
export function installStdRotables(L: LuaState): void {
    for (const name of Object.keys(ORDER)) {
        const { functions, integers } = entriesOf(L, name);
        defineFlashRotable(L, name, functions, integers);
        if (name === "string") {
            lua.lua_pushstring(L, S(""));
            lua.lua_getmetatable(L, -1);
            pushRotableIndex(L, functions);
            lua.lua_setfield(L, -2, S("__index"));
            lua.lua_pop(L, 2);
        }
    }
}
