/**
 * The standard libraries of the 2021 firmware are rotables too: its Lua
 * (lua/src/lstrlib.c, ltablib.c, lmathlib.c, loslib.c, liolib.c,
 * lcorolib.c, ldblib.c) opens each with `rotable_newlib` over a C array, so
 * `type(string)` is "userdata", a field cannot be assigned ("attempt to
 * index a rotable value"), `#string` is 0 and `pairs` lists the functions in
 * the array's order (the integer placeholders `math.maxinteger` and
 * `math.mininteger`, at the end, are readable and not listed). Only `_G`
 * stays a table.
 */
import type { LuaState } from "../../lua.js";
import { librariesToRotables } from "../library-rotables.js";

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

/** Replaces the standard libraries (globals and package.loaded) with rotables, and the string metatable's __index. */
export function installStdRotables(L: LuaState): void {
    librariesToRotables(L, ORDER, "rotable");
}
