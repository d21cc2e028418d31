/**
 * json of today's firmware (components/cjson/lua_cjson.c), measured on the
 * PC build; the encoder and decoder are lua-cjson's (runtime/firmware/lua-cjson.ts)
 * with what changed since 2021:
 *
 * - `json.encode(value [, "<digits><f|g>"])`: floats print as `%.7f` by
 *   default through the firmware's printf (1.5 → "1.5000000", 100.0 →
 *   "100.0000000", above 1e9 in exponent form: 2^31 → "2.1474836e+09");
 *   a float no larger than FLT_EPSILON in magnitude (0.0, -0.0, 1e-7)
 *   prints "0". The second argument must be one to three digits then `f`
 *   or `g`, optionally after "%." ("2f" → "1.50", "4g" → "1.500", "%.3f" →
 *   "1.500"; lua_cjson.c's whitelist); anything else returns nil and
 *   "invalid float format". A call with one argument, or nil (or any
 *   other non-string) as the second, goes back to the default. `json.encode(nil)` is "".
 * - Integers print with `%ld` of a 32-bit `lua_Integer`: on the PC build
 *   (x86-64, where `long` is 64-bit) a negative one comes out as its
 *   unsigned 32-bit value (-5 → "4294967291"); the modules' 32-bit ARM
 *   `long` prints it signed.
 * - Strings: "/" is not escaped and a newline is "\n" (the 2021 build
 *   wrote "\/" and "\b").
 * - `json.decode`: a number with a "." is a float (strtod; "1e3" without
 *   one is an integer followed by an invalid token); one without is an
 *   integer, wrapped to 32 bits ("4294967297" → 1, "12345678901" →
 *   -539222987, past the 64-bit range it saturates first); when that
 *   wrap gives 0 for anything but "0" ("-0", "4294967296") it is the float.
 * - `json.null` is the NULL light userdata that `decode` gives for null.
 *
 * Not modelled: `json.encode()` with no argument (the C encodes its own
 * function and fails with "Cannot serialise function"), precisions whose
 * output overflows the C's 32-byte buffer ("99f").
 */
import { lua, S, textOf } from "../../lua.js";
import { formatOne } from "../../number-format.js";
import type { FirmwareContext } from "../context.js";
import { decode, DECIMAL, encodeResult, type CjsonDialect, type Precision } from "../lua-cjson.js";
import { defineRotable } from "../flash-rotable.js";

/** FLT_EPSILON: floats at most this far from zero encode as "0". */
const FLT_EPSILON = 2 ** -23;

/** char2escape of today's lua_cjson: bytes 0..0x1f, '"', '\\' and 0x7f. */
function escapeOf(byte: number): string | undefined {
    switch (byte) {
        case 0x08:
            return "\\b";
        case 0x09:
            return "\\t";
        case 0x0a:
            return "\\n";
        case 0x0c:
            return "\\f";
        case 0x0d:
            return "\\r";
        case 0x22:
            return '\\"';
        case 0x5c:
            return "\\\\";
        case 0x7f:
            return "\\u007f";
        default:
            return byte < 0x20 ? `\\u${byte.toString(16).padStart(4, "0")}` : undefined;
    }
}

/** A decimal integer token as the decoder makes it: strtoll (saturating at 64 bits), then cast to the 32-bit lua_Integer. */
function wrappedInteger(digits: string): number {
    const big = BigInt(digits);
    const saturated = big > 2n ** 63n - 1n ? 2n ** 63n - 1n : big < -(2n ** 63n) ? -(2n ** 63n) : big;
    return Number(BigInt.asIntN(32, saturated));
}

/** Today's dialect; `unsignedIntegers`: `%ld` reads the 32-bit integer as 64 bits (the PC build). */
function currentDialect(unsignedIntegers: boolean): CjsonDialect {
    return {
        escapeOf,
        formatInteger: value => String(unsignedIntegers ? value >>> 0 : value),
        formatFloat: (value, precision) => (Math.abs(value) <= FLT_EPSILON ? "0" : formatOne(`%.${precision.digits}${precision.mode}`, value)),
        readNumber(text, float32) {
            const integer = /^-?\d+/.exec(text)?.[0];
            if (integer === undefined) return undefined;
            const float = (source: string) => (float32 ? Math.fround(Number(source)) : Number(source));
            if (text[integer.length] === ".") {
                const decimal = DECIMAL.exec(text)![0];
                return { length: decimal.length, value: float(decimal), integer: false };
            }
            const value = wrappedInteger(integer);
            if (value === 0 && integer !== "0") return { length: integer.length, value: float(integer), integer: false };
            return { length: integer.length, value, integer: true };
        },
    };
}

/** The default number settings: `%.7f`. */
const DEFAULT_PRECISION: Precision = { mode: "f", digits: 7 };

/** json, with `json.null`. */
export function installJson(ctx: FirmwareContext): void {
    const float32 = ctx.board.numberBytes === 4;
    // The PC build is the x86-64 one: the only board whose VM has 8-byte pointers (image/boards.ts luaVm).
    const dialect = currentDialect(ctx.board.luaVm?.pointerBytes === 8);
    const precision: Precision = { ...DEFAULT_PRECISION };

    // lua_cjson.c's array: encode, decode, null (ROREG_PTR(NULL)), the order pairs lists them in.
    defineRotable(
        ctx.L,
        "json",
        [
            [
                "encode",
                L => {
                    let top = lua.lua_gettop(L);
                    // Only a string (or number) second argument is a format (lua_isstring, lua_cjson.c:1420): nil is the default.
                    if (top === 2 && lua.lua_type(L, 2) !== lua.LUA_TSTRING && lua.lua_type(L, 2) !== lua.LUA_TNUMBER) {
                        top = 1;
                        lua.lua_settop(L, top);
                    }
                    if (top <= 1) Object.assign(precision, DEFAULT_PRECISION);
                    else {
                        const spec = lua.lua_type(L, top) === lua.LUA_TSTRING ? /^(?:%\.)?(\d{1,3})([fg])$/.exec(textOf(lua.lua_tolstring(L, top) as Uint8Array)) : null;
                        if (spec === null) {
                            lua.lua_pushnil(L);
                            lua.lua_pushstring(L, S("invalid float format"));
                            return 2;
                        }
                        precision.digits = Number(spec[1]);
                        precision.mode = spec[2] as "f" | "g";
                        top--;
                        lua.lua_settop(L, top);
                    }
                    if (top === 1 && lua.lua_isnil(L, 1)) {
                        lua.lua_pushstring(L, S(""));
                        return 1;
                    }
                    return encodeResult(L, top, { dialect, precision });
                },
            ],
            ["decode", L => decode(L, float32, dialect)],
            ["null", { pointer: null }],
        ],
        "rotable2",
    );
}
