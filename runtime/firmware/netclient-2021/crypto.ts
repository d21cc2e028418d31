/**
 * crypto (luat_lib_crypto.c, crc.c): digests and HMACs as uppercase hex
 * (fixhex, luat_lib_crypto.c:15), CRC8/16/32 as integers. The Air640W build
 * registers no base64 or cipher functions that work: `cipher*` stay "not
 * simulated".
 */
import { createHash, createHmac } from "node:crypto";
import { lauxlib, lua, S, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { defineFlashRotable } from "../flash-rotable.js";
import { notSimulated } from "./not-simulated.js";

/** The CRC-16 models of crc.c's table: polynomial, initial value, final xor, reflected input/output. */
const CRC16_MODELS: Record<string, [number, number, number, boolean, boolean]> = {
    IBM: [0x8005, 0x0000, 0x0000, true, true],
    MAXIM: [0x8005, 0x0000, 0xffff, true, true],
    USB: [0x8005, 0xffff, 0xffff, true, true],
    MODBUS: [0x8005, 0xffff, 0x0000, true, true],
    CCITT: [0x1021, 0x0000, 0x0000, true, true],
    "CCITT-FALSE": [0x1021, 0xffff, 0x0000, false, false],
    X25: [0x1021, 0xffff, 0xffff, true, true],
    XMODEM: [0x1021, 0x0000, 0x0000, false, false],
    DNP: [0x3d65, 0x0000, 0xffff, true, true],
};

function reflect(value: number, bits: number): number {
    let out = 0;
    for (let i = 0; i < bits; i++) if (value & (1 << i)) out |= 1 << (bits - 1 - i);
    return out;
}

/** calcCRC16 of crc.c; an unknown model name gives 0. */
export function crc16(data: Uint8Array, model: string, user: [number, number, number, boolean, boolean]): number {
    const params = model === "USER-DEFINED" ? user : CRC16_MODELS[model];
    if (params === undefined) return 0;
    const [poly, initial, finalXor, inReverse, outReverse] = params;
    let crc = initial & 0xffff;
    for (const byte of data) {
        crc ^= (inReverse ? reflect(byte, 8) : byte) << 8;
        for (let j = 0; j < 8; j++) crc = crc & 0x8000 ? ((crc << 1) ^ poly) & 0xffff : (crc << 1) & 0xffff;
    }
    if (outReverse) crc = reflect(crc, 16);
    return (crc ^ finalXor) & 0xffff;
}

/** CRC-16/MODBUS (calcCRC16_modbus). */
export function crc16Modbus(data: Uint8Array): number {
    return crc16(data, "MODBUS", CRC16_MODELS.MODBUS!);
}

/** CRC-32 (IEEE, reflected), as calcCRC32. */
export function crc32(data: Uint8Array): number {
    let crc = 0xffffffff;
    for (const byte of data) {
        crc ^= byte;
        for (let j = 0; j < 8; j++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
    return (~crc >>> 0) & 0xffffffff;
}

/** CRC-8, polynomial 0x07, initial 0 (crc.c's crc8_table). */
export function crc8(data: Uint8Array): number {
    let crc = 0;
    for (const byte of data) {
        crc ^= byte;
        for (let j = 0; j < 8; j++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
    return crc;
}

function bytesArg(L: LuaState, index: number): Uint8Array {
    return lauxlib.luaL_checklstring(L, index) as Uint8Array;
}

/** crypto. */
export function installCrypto(ctx: FirmwareContext): void {
    // lua_pushinteger of a uint32 on a 32-bit-integer build wraps to a negative number.
    const pushUnsigned = (L: LuaState, value: number) => lua.lua_pushinteger(L, ctx.board.int32 ? value | 0 : value);
    const digest = (algorithm: string) => (L: LuaState) => {
        lua.lua_pushstring(L, S(createHash(algorithm).update(bytesArg(L, 1)).digest("hex").toUpperCase()));
        return 1;
    };
    const hmac = (algorithm: string) => (L: LuaState) => {
        const data = bytesArg(L, 1);
        const key = bytesArg(L, 2);
        lua.lua_pushstring(L, S(createHmac(algorithm, key).update(data).digest("hex").toUpperCase()));
        return 1;
    };
    const integer = (L: LuaState, index: number) => Math.trunc(lauxlib.luaL_optnumber(L, index, 0) as number);
    defineFlashRotable(ctx.L, "crypto", {
        md5: digest("md5"),
        sha1: digest("sha1"),
        sha256: digest("sha256"),
        sha512: digest("sha512"),
        hmac_md5: hmac("md5"),
        hmac_sha1: hmac("sha1"),
        hmac_sha256: hmac("sha256"),
        hmac_sha512: hmac("sha512"),
        crc16: L => {
            const model = textOf(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            const data = (lua.lua_tolstring(L, 2) as Uint8Array | null) ?? new Uint8Array(0);
            const user: [number, number, number, boolean, boolean] = [integer(L, 3) & 0xffff, integer(L, 4) & 0xffff, integer(L, 5) & 0xffff, (integer(L, 6) & 0xff) !== 0, (integer(L, 7) & 0xff) !== 0];
            lua.lua_pushinteger(L, crc16(data, model, user));
            return 1;
        },
        crc16_modbus: L => {
            lua.lua_pushinteger(L, crc16Modbus(bytesArg(L, 1)));
            return 1;
        },
        crc32: L => {
            pushUnsigned(L, crc32(bytesArg(L, 1)));
            return 1;
        },
        crc8: L => {
            lua.lua_pushinteger(L, crc8(bytesArg(L, 1)));
            return 1;
        },
        cipher: notSimulated("crypto.cipher"),
        cipher_encrypt: notSimulated("crypto.cipher_encrypt"),
        cipher_decrypt: notSimulated("crypto.cipher_decrypt"),
    });
}
