/**
 * `string.pack`, `string.unpack` and `string.packsize` with the board's
 * number width. Their `n` option is a `lua_Number` (lstrlib.c Knumber):
 * 4 bytes on `LUA_32BITS` firmware (the 2021 Air640W, the PC build and the
 * EC718 modules: `string.packsize("n")` is 4 on luatos2021 and luatos-pc),
 * 8 in fengari, whose numbers are doubles. On a 4-byte board the format is
 * rewritten before fengari's functions see it: `n` becomes `f` (a C
 * float, the same 4 bytes). `j`/`J` (`lua_Integer`) are 4 bytes in fengari
 * already, as on `LUA_32BITS` firmware.
 */
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "./lua.js";

/** Options followed by an optional size (lstrlib.c getoption: i, I, s, !, and c, whose size is required). */
const SIZED = new Set(["i", "I", "s", "c", "!"]);

/** A pack format with every `n` option as `f` (digits after a sized option are its size, not options). */
export function floatNumberFormat(format: string): string {
    let out = "";
    for (let i = 0; i < format.length; i += 1) {
        const ch = format[i]!;
        if (SIZED.has(ch)) {
            let j = i + 1;
            while (j < format.length && format[j]! >= "0" && format[j]! <= "9") j += 1;
            out += format.slice(i, j);
            i = j - 1;
        } else out += ch === "n" ? "f" : ch;
    }
    return out;
}

/** Makes `string.pack/unpack/packsize` of state `L` pack `n` in 4 bytes (call after the string library is open). */
export function usePackWidths(L: LuaState, numberBytes: 4 | 8): void {
    if (numberBytes === 8) return;
    lua.lua_getglobal(L, to_luastring("string"));
    for (const name of ["pack", "unpack", "packsize"]) {
        lua.lua_getfield(L, -1, to_luastring(name));
        // The original (a host function) is kept on the host: the 2021 firmware's string library becomes a rotable of bare functions.
        const original = lua.lua_tocfunction(L, -1) as (L1: LuaState) => number;
        lua.lua_pop(L, 1);
        lua.lua_pushcfunction(
            L,
            (L1: LuaState) => {
                const format = lauxlib.luaL_checklstring(L1, 1) as Uint8Array;
                const text = Buffer.from(format).toString("latin1");
                if (text.includes("n")) {
                    lua.lua_pushstring(L1, Uint8Array.from(Buffer.from(floatNumberFormat(text), "latin1")));
                    lua.lua_replace(L1, 1);
                }
                const args = lua.lua_gettop(L1) as number;
                lua.lua_pushcfunction(L1, original);
                lua.lua_insert(L1, 1);
                lua.lua_call(L1, args, lua.LUA_MULTRET);
                return lua.lua_gettop(L1) as number;
            },
        );
        lua.lua_setfield(L, -2, to_luastring(name));
    }
    lua.lua_pop(L, 1);
}
