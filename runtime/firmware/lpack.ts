/**
 * What lpack's `unpack` does the same way in both firmware generations
 * (luat_lib_pack.c in 2021, components/lpack today): the format loop, byte
 * order, repeat counts, `A<n>`, `z`, the length-prefixed `p`/`P`/`a`,
 * stopping quietly where the string is too short, and the next position
 * returned first. Each generation's module says what differs: the C types'
 * sizes, how a value becomes a Lua value, and the position's type.
 */
import { lauxlib, lua, S, textOf, type LuaState } from "../lua.js";

/** A numeric code's C type. */
export interface NumberCode {
    size: number;
    kind: "int" | "uint" | "float";
}

/** What a generation's `unpack` decides. */
export interface UnpackDialect {
    /** Length prefixes of p, P and a, in bytes. */
    lengthSizes: Readonly<Record<string, number>>;
    /** The C type of a numeric code, or undefined for an unknown code. */
    numberCode(code: string): NumberCode | undefined;
    /** The value at `at` as the firmware pushes it (a float's width, an integer's cut). */
    read(bytes: Uint8Array, at: number, code: NumberCode, little: boolean): number;
    /** The next position is pushed as an integer (today) or a float (2021: lua_pushnumber). */
    positionAsInteger: boolean;
    /** The third argument, the 1-based start, as a Lua number of the board. */
    start(L: LuaState): number;
}

/** Whether a format character is a digit (a repeat count or length). */
export function isDigit(ch: string | undefined): boolean {
    return ch !== undefined && ch >= "0" && ch <= "9";
}

/** lpack's error for an unknown code: "bad argument #1 to '?' (bad code `x')". */
export function badCode(L: LuaState, code: string): never {
    lauxlib.luaL_argerror(L, 1, S(`bad code \`${code}'`));
    throw new Error("unreachable");
}

/** Reads an unsigned length prefix of `size` bytes. */
function readLength(bytes: Uint8Array, at: number, size: number, little: boolean): number {
    let value = 0;
    for (let k = 0; k < size; k++) value += bytes[at + (little ? k : size - 1 - k)]! * 2 ** (8 * k);
    return value;
}

/** `pack.unpack(s, format [, init])`: the next position, then the values. */
export function unpack(L: LuaState, dialect: UnpackDialect): number {
    const s = lauxlib.luaL_checklstring(L, 1) as Uint8Array;
    const format = textOf(lauxlib.luaL_checkstring(L, 2) as Uint8Array);
    let i = dialect.start(L) - 1;
    const len = s.length;
    let n = 0;
    let little = true;
    // The position's slot, filled in at the end.
    lua.lua_pushnil(L);
    done: for (let f = 0; f < format.length; ) {
        const code = format[f++]!;
        let count = 1;
        if (isDigit(format[f])) {
            count = 0;
            while (isDigit(format[f])) count = count * 10 + Number(format[f++]);
            if (count === 0 && code === "A") {
                lua.lua_pushstring(L, S(""));
                n++;
            }
        }
        for (; count > 0; count--) {
            if (code === "<" || code === ">" || code === "=") {
                little = code !== ">";
                break;
            }
            if (code === " " || code === ",") continue;
            if (code === "A") {
                if (i + count > len) break done;
                lua.lua_pushlstring(L, s.subarray(i, i + count), count);
                i += count;
                n++;
                break;
            }
            if (code === "z") {
                if (i >= len) break done;
                let end = i;
                while (end < len && s[end] !== 0) end++;
                lua.lua_pushlstring(L, s.subarray(i, end), end - i);
                i = end + 1;
                n++;
                continue;
            }
            const lengthSize = dialect.lengthSizes[code];
            if (lengthSize !== undefined) {
                if (i + lengthSize > len) break done;
                const l = readLength(s, i, lengthSize, little);
                if (i + lengthSize + l > len) break done;
                i += lengthSize;
                lua.lua_pushlstring(L, s.subarray(i, i + l), l);
                i += l;
                n++;
                continue;
            }
            const number = dialect.numberCode(code);
            if (number === undefined) badCode(L, code);
            if (i + number.size > len) break done;
            const value = dialect.read(s, i, number, little);
            i += number.size;
            if (number.kind === "float") lua.lua_pushnumber(L, value);
            else lua.lua_pushinteger(L, value);
            n++;
        }
    }
    if (dialect.positionAsInteger) lua.lua_pushinteger(L, i + 1);
    else lua.lua_pushnumber(L, i + 1);
    lua.lua_replace(L, -n - 2);
    return n + 1;
}
