/**
 * json (luat/packages/lua-cjson/lua_cjson.c as LuatOS changed it):
 *
 * - `json.encode(value [, "<precision><f|g>"])` returns the text, or nil
 *   and the error message (the C wraps the encoder in lua_pcall). Floats go
 *   through the firmware's printf with `%.7g` by default (so 1.5 encodes as
 *   "1.500000"); a second argument sets precision 0..14 and mode, and it
 *   stays set until a call with one argument. Integers print with `%ld`.
 *   "/" is escaped as "\/" and a newline as "\b" (char2escape maps 0x0a to
 *   "\\b"). Tables: positive integer keys only make an array (holes become
 *   null) unless excessively sparse (max > 2 × count and max > 10: an
 *   error); anything else an object; `{}` is "{}". Errors read "Cannot
 *   serialise <type>: <reason>".
 * - `json.decode(text)` returns the value and 1, or nil, false and the
 *   message ("Expected value but found T_END at character 1"). Numbers are
 *   always floats (lua_pushnumber of strtod), null is a NULL light userdata.
 *   There is no `json.null`.
 */
import { lauxlib, lua, S, textOf } from "../../lua.js";
import { formatOne } from "../../number-format.js";
import type { FirmwareContext } from "../context.js";
import { decode, DECIMAL, encodeResult, type CjsonDialect, type Precision } from "../lua-cjson.js";
import { defineFlashRotable } from "../flash-rotable.js";

/** char2escape of the C: the escapes of bytes 0..0x1f, '"', '/', '\\' and 0x7f. */
function escapeOf(byte: number): string | undefined {
    switch (byte) {
        case 0x08:
        case 0x0a:
            return "\\b";
        case 0x09:
            return "\\t";
        case 0x0c:
            return "\\f";
        case 0x0d:
            return "\\r";
        case 0x22:
            return '\\"';
        case 0x2f:
            return "\\/";
        case 0x5c:
            return "\\\\";
        case 0x7f:
            return "\\u007f";
        default:
            return byte < 0x20 ? `\\u${byte.toString(16).padStart(4, "0")}` : undefined;
    }
}

/** The 2021 build's lua_cjson: the escapes above, `%ld` integers, floats through `%.<n>g`/`%.<n>f`, every number decoded as a float. */
const DIALECT_2021: CjsonDialect = {
    escapeOf,
    formatInteger: value => String(value),
    formatFloat: (value, precision) => formatOne(`%.${precision.digits}${precision.mode}`, value),
    readNumber(text, float32) {
        const match = DECIMAL.exec(text);
        if (match === null) return undefined;
        const value = Number(match[0]);
        return { length: match[0].length, value: float32 ? Math.fround(value) : value, integer: false };
    },
};

/** json. */
export function installJson(ctx: FirmwareContext): void {
    const precision: Precision = { mode: "g", digits: 7 };
    const float32 = ctx.board.numberBytes === 4;

    defineFlashRotable(ctx.L, "json", {
        encode: L => {
            let top = lua.lua_gettop(L);
            if (top <= 1) {
                precision.mode = "g";
                precision.digits = 7;
            } else {
                const spec = textOf(lauxlib.luaL_optlstring(L, top, S("7g")) as Uint8Array);
                const digits = /^[0-9]*/.exec(spec)![0];
                precision.mode = spec[digits.length] === "f" ? "f" : "g";
                const value = digits === "" ? 0 : Number(digits);
                precision.digits = value <= 14 ? value : 7;
                top--;
                lua.lua_settop(L, top);
            }
            return encodeResult(L, top, { dialect: DIALECT_2021, precision });
        },
        decode: L => decode(L, float32, DIALECT_2021),
    });
}
