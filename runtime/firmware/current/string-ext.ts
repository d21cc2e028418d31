/**
 * LuatOS's additions to the `string` library in today's firmware
 * (lua/src/lstrlib_exts.c, registered in lstrlib.c's strlib): toHex with a
 * separator, fromHex over hex digit pairs, split into a table (optionally
 * keeping empty fields), toValue, urlEncode, toBase64/fromBase64 (the right
 * way round, unlike 2021), toBase32/fromBase32, startsWith, endsWith and
 * trim; on the PC build (bsp "PC") also `strs`, a debug dump of the VM's
 * string cache (string-cache.ts).
 */
import { lauxlib, lua, S, setFunctions, type JsFunction, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { toValueFunction, urlEncode } from "../netclient-2021/string-ext.js";
import { base64Decode, base64Encode, toHexBytes } from "../string-codecs.js";
import { strsFunction } from "./string-cache.js";

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function pushBytes(L: LuaState, bytes: Uint8Array): void {
    lua.lua_pushlstring(L, bytes, bytes.length);
}

function checkBytes(L: LuaState, index: number): Uint8Array {
    return lauxlib.luaL_checklstring(L, index) as Uint8Array;
}

const isHexDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** luat_str_fromhex_ex: pairs of hex digits; any other byte drops a pending half and restarts pairing. */
export function fromHexEx(data: Uint8Array): Uint8Array {
    const out: number[] = [];
    let high: number | undefined;
    for (const c of data) {
        if (!isHexDigit(c)) {
            high = undefined;
            continue;
        }
        const value = c <= 0x39 ? c - 0x30 : (c & 7) + 9;
        if (high === undefined) high = value;
        else {
            out.push(((high << 4) + value) & 0xff);
            high = undefined;
        }
    }
    return Uint8Array.from(out);
}

/**
 * l_str_split: `delimiter` is one multi-byte separator; empty fields are
 * dropped unless `keepEmpty` (a trailing separator then adds "").
 */
export function splitFields(text: Uint8Array, delimiter: Uint8Array, keepEmpty: boolean): Uint8Array[] {
    const fields: Uint8Array[] = [];
    const len = text.length;
    // memcmp past the end reads the string's terminating NUL (then stops matching).
    const matchesAt = (i: number) => delimiter.every((d, j) => (i + j < len ? text[i + j] === d : i + j === len && d === 0));
    let prev = -1;
    for (let i = 0; i < len; i++) {
        if (matchesAt(i)) {
            if (prev + 1 !== i || keepEmpty) fields.push(text.slice(prev + 1, i));
            i += delimiter.length - 1;
            prev = i;
            if (i === len - 1 && keepEmpty) {
                fields.push(new Uint8Array(0));
                break;
            }
        } else if (i === len - 1) {
            fields.push(text.slice(prev + 1, len));
        }
    }
    return fields;
}

/** luat_str_base32_encode: RFC 4648 alphabet, no '=' padding. */
export function base32Encode(data: Uint8Array): Uint8Array {
    const out: number[] = [];
    if (data.length === 0) return new Uint8Array(0);
    let buffer = data[0]!;
    let next = 1;
    let bitsLeft = 8;
    while (bitsLeft > 0 || next < data.length) {
        if (bitsLeft < 5) {
            if (next < data.length) {
                buffer = (buffer << 8) | data[next++]!;
                bitsLeft += 8;
            } else {
                const pad = 5 - bitsLeft;
                buffer <<= pad;
                bitsLeft += pad;
            }
        }
        out.push(BASE32_ALPHABET.charCodeAt(0x1f & (buffer >> (bitsLeft - 5))));
        bitsLeft -= 5;
    }
    return Uint8Array.from(out);
}

/**
 * luat_str_base32_decode: stops at a NUL; skips spaces, tabs, CR, LF and
 * '-'; reads 0/1/8 as O/L/B and either case; any other byte (including '='
 * padding) fails (undefined).
 */
export function base32Decode(data: Uint8Array): Uint8Array | undefined {
    const out: number[] = [];
    let buffer = 0;
    let bitsLeft = 0;
    for (let ch of data) {
        if (ch === 0) break;
        if (ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a || ch === 0x2d) continue;
        buffer <<= 5;
        if (ch === 0x30) ch = 0x4f;
        else if (ch === 0x31) ch = 0x4c;
        else if (ch === 0x38) ch = 0x42;
        if ((ch >= 0x41 && ch <= 0x5a) || (ch >= 0x61 && ch <= 0x7a)) ch = (ch & 0x1f) - 1;
        else if (ch >= 0x32 && ch <= 0x37) ch -= 0x32 - 26;
        else return undefined;
        buffer |= ch;
        bitsLeft += 5;
        if (bitsLeft >= 8) {
            out.push((buffer >> (bitsLeft - 8)) & 0xff);
            bitsLeft -= 8;
        }
    }
    return Uint8Array.from(out);
}

const isTrimmed = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Adds the current firmware's functions to the `string` table (the string metatable's __index). */
export function installStringExt(ctx: FirmwareContext): void {
    const L = ctx.L;
    const functions: Record<string, JsFunction> = {
        toHex: L => {
            const data = checkBytes(L, 1);
            pushBytes(L, toHexBytes(data, lauxlib.luaL_optlstring(L, 2, S("")) as Uint8Array));
            lua.lua_pushinteger(L, data.length * 2);
            return 2;
        },
        fromHex: L => {
            pushBytes(L, fromHexEx(checkBytes(L, 1)));
            return 1;
        },
        split: L => {
            const text = checkBytes(L, 1);
            if (text.length === 0) {
                lua.lua_newtable(L);
                return 1;
            }
            const given = lauxlib.luaL_optlstring(L, 2, S(",")) as Uint8Array;
            const keepEmpty = lua.lua_isboolean(L, 3) && lua.lua_toboolean(L, 3);
            const fields = splitFields(text, given.length < 1 ? S(",") : given, keepEmpty);
            lua.lua_createtable(L, fields.length, 0);
            fields.forEach((field, i) => {
                pushBytes(L, field);
                lua.lua_rawseti(L, -2, i + 1);
            });
            return 1;
        },
        toValue: toValueFunction(ctx.board.charSigned === true),
        urlEncode,
        fromBase64: L => {
            pushBytes(L, base64Decode(checkBytes(L, 1)) ?? new Uint8Array(0));
            return 1;
        },
        toBase64: L => {
            pushBytes(L, base64Encode(checkBytes(L, 1)));
            return 1;
        },
        fromBase32: L => {
            pushBytes(L, base32Decode(checkBytes(L, 1)) ?? new Uint8Array(0));
            return 1;
        },
        toBase32: L => {
            pushBytes(L, base32Encode(checkBytes(L, 1)));
            return 1;
        },
        startsWith: L => {
            const text = checkBytes(L, 1);
            const prefix = checkBytes(L, 2);
            lua.lua_pushboolean(L, text.length >= prefix.length && prefix.every((b, i) => text[i] === b));
            return 1;
        },
        endsWith: L => {
            const text = checkBytes(L, 1);
            const suffix = checkBytes(L, 2);
            const from = text.length - suffix.length;
            lua.lua_pushboolean(L, from >= 0 && suffix.every((b, i) => text[from + i] === b));
            return 1;
        },
        trim: L => {
            const left = lua.lua_isboolean(L, 2) ? lua.lua_toboolean(L, 2) : true;
            const right = lua.lua_isboolean(L, 3) ? lua.lua_toboolean(L, 3) : true;
            const text = checkBytes(L, 1);
            if (text.length === 0) {
                lua.lua_pushvalue(L, 1);
                return 1;
            }
            let begin = 0;
            let end = text.length;
            if (left) while (begin < end && isTrimmed(text[begin])) begin++;
            if (right) while (begin < end && isTrimmed(text[end - 1])) end--;
            pushBytes(L, text.subarray(begin, end));
            return 1;
        },
        // lstrlib.c registers strs only under LUA_USE_LINUX / LUA_USE_WINDOWS / LUA_USE_MACOSX: the PC build's.
        ...(ctx.board.bsp === "PC" ? { strs: strsFunction(ctx) } : {}),
    };
    lua.lua_getglobal(L, S("string"));
    setFunctions(L, functions);
    lua.lua_pop(L, 1);
}
