/**
 * crypto (luat_lib_crypto.c, crc.c): digests and HMACs as uppercase hex
 * (fixhex, luat_lib_crypto.c:15), CRC8/16/32 as integers (runtime/firmware/crc.ts). The Air640W build
 * registers no base64 or cipher functions that work: `cipher*` stay "not
 * simulated".
 */
import { createHash, createHmac } from "node:crypto";
import { lauxlib, lua, S, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { crc16, crc16Modbus, crc32, crc8 } from "../crc.js";
import { defineFlashRotable } from "../flash-rotable.js";
import { notSimulated } from "./not-simulated.js";

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
