/**
 * LuatOS's additions to the `string` library in the 2021 firmware
 * (lua/src/lstrlib.c, str_toHex .. str_toBase64, registered in its strlib
 * rotable): toHex, fromHex, split, toValue, urlEncode, fromBase64,
 * toBase64, with that code's quirks:
 *
 * - `toHex(s)` returns the hex and its length; there is no separator.
 * - `fromHex` reads pairs of any bytes: a digit is `c - '0'` up to '9' and
 *   `(c & 7) + 9` above, on a plain `char`. Where char is signed (x86) a pair
 *   with a negative half is skipped; on the modules' ARM builds char is
 *   unsigned and every pair gives a byte. An odd last character is ignored.
 * - `split(s, delimiters)` is strtok: `delimiters` is a set of characters
 *   ("" means ","), empty fields vanish, the fields come back as multiple
 *   values, and strtok writes a NUL over the delimiter after each field
 *   into the string itself: the same string value (a literal of the same
 *   chunk, a variable) reads `"a\0b"` afterwards, with its length unchanged.
 * - `fromBase64` ENCODES and `toBase64` DECODES (the C functions call
 *   base64_encode and base64_decode the other way round); a decoding error
 *   gives "".
 */
import { lauxlib, lua, S, setFunctions, type JsFunction, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { base64Decode, base64Encode, plainChar, toHexBytes, toValueBytes, urlEncodeBytes } from "../string-codecs.js";

/**
 * How many fields `split` may return: LUA_MINSTACK, the free stack slots
 * the Lua C API guarantees a C function. The C pushes every field without
 * luaL_checkstack; past that it writes beyond the Lua stack, which may
 * work, corrupt memory or crash the firmware (luatos2021 crashes at 40
 * fields some runs, at 60 every run). The simulator stops with an error.
 */
export const SPLIT_MAX_FIELDS = 20;

function pushBytes(L: LuaState, bytes: Uint8Array): void {
    lua.lua_pushlstring(L, bytes, bytes.length);
}

function checkBytes(L: LuaState, index: number): Uint8Array {
    return lauxlib.luaL_checklstring(L, index) as Uint8Array;
}

/** The bytes of a C string: up to the first NUL. */
function cString(bytes: Uint8Array): Uint8Array {
    const end = bytes.indexOf(0);
    return end < 0 ? bytes : bytes.subarray(0, end);
}

/** str_fromHex: pairs of plain chars, a pair skipped when a half is negative. */
export function fromHex2021(data: Uint8Array, charSigned: boolean): Uint8Array {
    const digit = (byte: number) => {
        const c = plainChar(byte, charSigned);
        const value = (c <= 0x39 ? c - 0x30 : (c & 7) + 9) & 0xff;
        return charSigned ? plainChar(value, true) : value;
    };
    const out: number[] = [];
    for (let i = 0; i + 1 < data.length; i += 2) {
        const a = digit(data[i]!);
        const b = digit(data[i + 1]!);
        if (a >= 0 && b >= 0) out.push(((a << 4) + b) & 0xff);
    }
    return Uint8Array.from(out);
}

/** str_split's strtok loop over `text` (modified in place: a NUL after each field); returns the fields. */
export function strtokFields(text: Uint8Array, delimiters: Uint8Array): Uint8Array[] {
    const set = cString(delimiters);
    const end = cString(text).length;
    const fields: Uint8Array[] = [];
    let i = 0;
    for (;;) {
        while (i < end && set.includes(text[i]!)) i++;
        if (i >= end) break;
        const start = i;
        while (i < end && !set.includes(text[i]!)) i++;
        fields.push(text.slice(start, i));
        if (i >= end) break;
        text[i++] = 0;
    }
    return fields;
}

/** str_toValue (the same C in both generations). */
export function toValueFunction(charSigned: boolean): JsFunction {
    return L => {
        const data = checkBytes(L, 1);
        pushBytes(L, toValueBytes(data, charSigned));
        lua.lua_pushinteger(L, data.length);
        return 2;
    };
}

/** str_urlEncode (the same C in both generations): mode 0 PHP ('+' for space), 1 RFC 3986, -1 custom (space, keep list). */
export const urlEncode: JsFunction = L => {
    const argc = lua.lua_gettop(L);
    const data = checkBytes(L, 1);
    const mode = argc === 1 ? 0 : (lauxlib.luaL_checkinteger(L, 2) as number) | 0;
    let space = 0;
    let keep: Uint8Array | undefined;
    if (mode === -1) {
        space = (lauxlib.luaL_checkinteger(L, 3) as number) | 0;
        keep = checkBytes(L, 4);
    }
    if (mode === 1) {
        space = 1;
        keep = S(".-_");
    }
    pushBytes(L, urlEncodeBytes(data, { keep: keep ?? S(".-*_"), spaceAsPlus: space === 0 }));
    return 1;
};

/** Adds the 2021 functions to the `string` table (before std-rotables.ts turns it into a rotable). */
export function installStringExt(ctx: FirmwareContext): void {
    const L = ctx.L;
    const charSigned = ctx.board.charSigned === true;
    const functions: Record<string, JsFunction> = {
        toHex: L => {
            const data = checkBytes(L, 1);
            pushBytes(L, toHexBytes(data));
            lua.lua_pushinteger(L, data.length * 2);
            return 2;
        },
        fromHex: L => {
            pushBytes(L, fromHex2021(checkBytes(L, 1), charSigned));
            return 1;
        },
        split: L => {
            const text = lauxlib.luaL_checkstring(L, 1) as Uint8Array;
            const given = checkBytes(L, 2);
            const fields = strtokFields(text, given.length < 1 ? S(",") : given);
            if (fields.length > SPLIT_MAX_FIELDS) {
                lauxlib.luaL_error(L, S(`string.split: ${fields.length} fields overflow the Lua stack (the C pushes them unchecked; more than ${SPLIT_MAX_FIELDS} may crash the firmware)`));
            }
            lauxlib.luaL_checkstack(L, fields.length, null);
            for (const field of fields) pushBytes(L, field);
            return fields.length;
        },
        toValue: toValueFunction(charSigned),
        urlEncode,
        // Swapped in the C: fromBase64 encodes, toBase64 decodes.
        fromBase64: L => {
            pushBytes(L, base64Encode(checkBytes(L, 1)));
            return 1;
        },
        toBase64: L => {
            pushBytes(L, base64Decode(checkBytes(L, 1)) ?? new Uint8Array(0));
            return 1;
        },
    };
    lua.lua_getglobal(L, S("string"));
    setFunctions(L, functions);
    lua.lua_pop(L, 1);
}
