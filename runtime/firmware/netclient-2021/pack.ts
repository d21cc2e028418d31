/**
 * pack (luat_lib_pack.c, lpack): `pack.pack(format, ...)` and
 * `pack.unpack(s, format [, init])` with the sizes of the Air640W's
 * 32-bit ARM C: c/b 1 byte (char is unsigned on ARM), h/H 2, i/I/l/L 4,
 * f 4, d 8, n a Lua number (4: float), a a size_t length (4) then the
 * bytes, p/P a 1/2-byte length, z zero-terminated, A<n> n raw bytes;
 * "<", ">", "=" set the byte order (little endian by default), spaces and
 * commas are skipped, a digit after a code repeats it. Numbers pass
 * through lua_Number: on a 32-bit-float board, integers above 2^24 lose
 * their low bits both ways, as on the device. `unpack` returns the next
 * position (a float) then the values, stopping quietly when the string is
 * too short. An unknown code is "bad argument #1 to '?' (bad code `x')".
 */
import { lauxlib, lua, textOf } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { defineFlashRotable } from "../flash-rotable.js";
import { badCode, isDigit, unpack, type NumberCode } from "../lpack.js";


/** Sizes on the Air640W (ILP32, LUA_32BITS). */
const NUMBER_CODES: Record<string, NumberCode> = {
    c: { size: 1, kind: "uint" },
    b: { size: 1, kind: "uint" },
    h: { size: 2, kind: "int" },
    H: { size: 2, kind: "uint" },
    i: { size: 4, kind: "int" },
    I: { size: 4, kind: "uint" },
    l: { size: 4, kind: "int" },
    L: { size: 4, kind: "uint" },
    f: { size: 4, kind: "float" },
    d: { size: 8, kind: "float" },
};
/** Length prefixes of p, P and a. */
const LENGTH_SIZES: Record<string, number> = { p: 1, P: 2, a: 4 };

function writeNumber(view: DataView, code: NumberCode, value: number, little: boolean): void {
    if (code.kind === "float") {
        if (code.size === 4) view.setFloat32(0, value, little);
        else view.setFloat64(0, value, little);
        return;
    }
    // The C cast of a double to the integer type; in-range values convert exactly, others wrap.
    const integer = Number.isFinite(value) ? Math.trunc(value) : 0;
    const wrapped = ((integer % 2 ** (code.size * 8)) + 2 ** (code.size * 8)) % 2 ** (code.size * 8);
    for (let k = 0; k < code.size; k++) {
        const byte = Math.floor(wrapped / 2 ** (8 * k)) & 0xff;
        view.setUint8(little ? k : code.size - 1 - k, byte);
    }
}

function readNumber(bytes: Uint8Array, at: number, code: NumberCode, little: boolean): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, code.size);
    if (code.kind === "float") return code.size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little);
    let value = 0;
    for (let k = 0; k < code.size; k++) value += view.getUint8(little ? k : code.size - 1 - k) * 2 ** (8 * k);
    if (code.kind === "int" && value >= 2 ** (code.size * 8 - 1)) value -= 2 ** (code.size * 8);
    return value;
}

/** pack. */
export function installPack(ctx: FirmwareContext): void {
    const float32 = ctx.board.numberBytes === 4;
    /** What a value becomes as a lua_Number. */
    const asLuaNumber = (value: number) => (float32 ? Math.fround(value) : value);
    const numberCode = (code: string): NumberCode | undefined => (code === "n" ? { size: float32 ? 4 : 8, kind: "float" } : NUMBER_CODES[code]);

    defineFlashRotable(ctx.L, "pack", {
        pack: L => {
            const format = textOf(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            let arg = 2;
            let little = true;
            const out: number[] = [];
            for (let f = 0; f < format.length; ) {
                const code = format[f++]!;
                let count = 1;
                if (isDigit(format[f])) {
                    count = 0;
                    while (isDigit(format[f])) count = count * 10 + Number(format[f++]);
                }
                for (; count > 0; count--) {
                    if (code === "<" || code === ">" || code === "=") {
                        little = code !== ">";
                        break;
                    }
                    if (code === " " || code === ",") continue;
                    if (code === "A" || code === "z") {
                        const bytes = lauxlib.luaL_checklstring(L, arg++) as Uint8Array;
                        out.push(...bytes);
                        if (code === "z") out.push(0);
                        continue;
                    }
                    const lengthSize = LENGTH_SIZES[code];
                    if (lengthSize !== undefined) {
                        const bytes = lauxlib.luaL_checklstring(L, arg++) as Uint8Array;
                        const prefix = new DataView(new ArrayBuffer(lengthSize));
                        writeNumber(prefix, { size: lengthSize, kind: "uint" }, bytes.length, little);
                        out.push(...new Uint8Array(prefix.buffer), ...bytes);
                        continue;
                    }
                    const number = numberCode(code);
                    if (number === undefined) badCode(L, code);
                    const value = asLuaNumber(lauxlib.luaL_checknumber(L, arg++) as number);
                    const view = new DataView(new ArrayBuffer(number.size));
                    writeNumber(view, number, value, little);
                    out.push(...new Uint8Array(view.buffer));
                }
            }
            lua.lua_pushlstring(L, Uint8Array.from(out), out.length);
            return 1;
        },
        unpack: L =>
            unpack(L, {
                lengthSizes: LENGTH_SIZES,
                numberCode,
                read: (bytes, at, code, little) => asLuaNumber(readNumber(bytes, at, code, little)),
                positionAsInteger: false,
                start: L => Math.trunc(asLuaNumber(lauxlib.luaL_optnumber(L, 3, 1) as number)),
            }),
    });
}
