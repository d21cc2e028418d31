/**
 * pack of today's firmware (components/lpack or luat_lib_pack.c), measured
 * on the PC build: `pack.pack(format, ...)` and `pack.unpack(s, format [, init])`
 * with lpack's codes, as the 2021 module (runtime/firmware/netclient-2021/pack.ts)
 * has them, and what changed since:
 *
 * - Integer codes take `luaL_checkinteger` (a float such as 1.5 or
 *   4294967295, which is 2^32 as a 32-bit float, is "number has no integer
 *   representation"; a numeric string is converted) and cast it to the C
 *   type: `pack.pack("<h", 70000)` is 70 11, `"<b", 256` is 00.
 * - `unpack` returns the next position and the integers as integers
 *   (`lua_pushinteger` of the C value, so "<I" of FF FF FF FF is -1 with a
 *   32-bit `lua_Integer`); floats (f, d, n) as floats.
 * - `A<n>` packs exactly n bytes (the string cut or padded with zeros);
 *   `A` alone the whole string. Unpacking, `A<n>` reads n bytes and `A`
 *   one, as before.
 * - The C types are the machine's: on the PC build (x86-64) `long` and
 *   `size_t` are 8 bytes (l, L and the length of a) and `char` is signed
 *   (c unpacks FF as -1); on the modules' 32-bit ARM cores they are 4 bytes
 *   and `char` is unsigned.
 *
 * Not modelled: an `init` of 0 or less (the C reads before the string).
 */
import { lauxlib, lua, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { defineRotable } from "../flash-rotable.js";
import { badCode, isDigit, unpack, type NumberCode, type UnpackDialect } from "../lpack.js";

/** The C's codes with the machine's sizes: `long`/`size_t` of `machineWord` bytes, `char` signed or not. */
function numberCodes(machineWord: 4 | 8, charSigned: boolean): Record<string, NumberCode> {
    return {
        c: { size: 1, kind: charSigned ? "int" : "uint" },
        b: { size: 1, kind: "uint" },
        h: { size: 2, kind: "int" },
        H: { size: 2, kind: "uint" },
        i: { size: 4, kind: "int" },
        I: { size: 4, kind: "uint" },
        l: { size: machineWord, kind: "int" },
        L: { size: machineWord, kind: "uint" },
        f: { size: 4, kind: "float" },
        d: { size: 8, kind: "float" },
        // lua_Number: a float on LUA_32BITS firmware (every current board the simulator runs).
        n: { size: 4, kind: "float" },
    };
}

/** Bytes of an integer as the C type stores it (two's complement, cut to its size). */
function integerBytes(value: number, size: number, little: boolean): number[] {
    const wrapped = BigInt.asUintN(size * 8, BigInt(value));
    const bytes: number[] = [];
    for (let k = 0; k < size; k++) bytes.push(Number((wrapped >> BigInt(8 * k)) & 0xffn));
    return little ? bytes : bytes.reverse();
}

/** The C value at `at`, cut to the 32-bit lua_Integer as lua_pushinteger does (floats as they are). */
function readValue(bytes: Uint8Array, at: number, code: NumberCode, little: boolean): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, code.size);
    if (code.kind === "float") return code.size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little);
    let value = 0n;
    for (let k = 0; k < code.size; k++) value |= BigInt(view.getUint8(little ? k : code.size - 1 - k)) << BigInt(8 * k);
    const typed = code.kind === "int" ? BigInt.asIntN(code.size * 8, value) : value;
    return Number(BigInt.asIntN(32, typed));
}

/** pack. */
export function installPack(ctx: FirmwareContext): void {
    const float32 = ctx.board.numberBytes === 4;
    // The PC build is the x86-64 one (LP64, signed char): the only board whose VM has 8-byte pointers (image/boards.ts luaVm).
    const pcBuild = ctx.board.luaVm?.pointerBytes === 8;
    const codes = numberCodes(pcBuild ? 8 : 4, pcBuild);
    const lengthSizes: Record<string, number> = { p: 1, P: 2, a: pcBuild ? 8 : 4 };
    const asLuaNumber = (value: number) => (float32 ? Math.fround(value) : value);

    const pack = (L: LuaState): number => {
        const format = textOf(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
        let arg = 2;
        let little = true;
        const out: number[] = [];
        for (let f = 0; f < format.length; ) {
            const code = format[f++]!;
            let count: number | undefined;
            if (isDigit(format[f])) {
                count = 0;
                while (isDigit(format[f])) count = count * 10 + Number(format[f++]);
            }
            if (code === "A") {
                const bytes = lauxlib.luaL_checklstring(L, arg++) as Uint8Array;
                const length = count ?? bytes.length;
                for (let k = 0; k < length; k++) out.push(k < bytes.length ? bytes[k]! : 0);
                continue;
            }
            for (let n = count ?? 1; n > 0; n--) {
                if (code === "<" || code === ">" || code === "=") {
                    little = code !== ">";
                    break;
                }
                if (code === " " || code === ",") continue;
                if (code === "z") {
                    out.push(...(lauxlib.luaL_checklstring(L, arg++) as Uint8Array), 0);
                    continue;
                }
                const lengthSize = lengthSizes[code];
                if (lengthSize !== undefined) {
                    const bytes = lauxlib.luaL_checklstring(L, arg++) as Uint8Array;
                    out.push(...integerBytes(bytes.length, lengthSize, little), ...bytes);
                    continue;
                }
                const number = codes[code];
                if (number === undefined) badCode(L, code);
                if (number.kind === "float") {
                    const view = new DataView(new ArrayBuffer(number.size));
                    const value = asLuaNumber(lauxlib.luaL_checknumber(L, arg++) as number);
                    if (number.size === 4) view.setFloat32(0, value, little);
                    else view.setFloat64(0, value, little);
                    out.push(...new Uint8Array(view.buffer));
                } else out.push(...integerBytes(lauxlib.luaL_checkinteger(L, arg++) as number, number.size, little));
            }
        }
        lua.lua_pushlstring(L, Uint8Array.from(out), out.length);
        return 1;
    };

    const dialect: UnpackDialect = {
        lengthSizes,
        numberCode: code => codes[code],
        read: (bytes, at, code, little) => (code.kind === "float" ? asLuaNumber(readValue(bytes, at, code, little)) : readValue(bytes, at, code, little)),
        positionAsInteger: true,
        start: L => Math.trunc(asLuaNumber(lauxlib.luaL_optnumber(L, 3, 1) as number)),
    };

    defineRotable(
        ctx.L,
        "pack",
        [
            ["pack", pack],
            ["unpack", L => unpack(L, dialect)],
        ],
        "rotable2",
    );
}
