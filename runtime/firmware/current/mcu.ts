/**
 * mcu (luat/modules/luat_lib_mcu.c) as the PC build runs it, on the PC port
 * bsp/pc/port/driver/luat_mcu_pc.c:
 *
 * - The tick counters run on the device clock since this boot: `tick64` is
 *   microseconds (one tick per µs, luat_mcu_pc.c:93), `ticks` milliseconds
 *   (luat_mcu_pc.c:76) pushed as a 32-bit lua_Integer, so it turns negative
 *   after 2^31 ms; `hz` is 1 (luat_mcu_pc.c:79), not 1000.
 * - `unique_id`: the PC build reads the SMBIOS UUID (16 bytes) through
 *   Windows' `wmic` (luat_mcu_pc.c:30-74) and gets "" where there is none
 *   (Linux). The simulator gives every device 16 bytes of its own, drawn
 *   from the device's seed: the same at every boot, different per device of
 *   a fleet. `muid` is their uppercase hex (luat_hmeta_pc.c:22).
 * - The clock, crystal, hard-fault and pin-mux calls do nothing on PC
 *   (luat_mcu_pc.c:22-134): `getClk` is pcconf's default 240, `setClk`
 *   always succeeds; `reg32` reads 0 and warns once per boot
 *   (luat_lib_mcu.c:114).
 *
 * Not modelled: the values other ports give (their tick rates and ids come
 * from chip SDKs); `altfun`, which boards with LUAT_MCU_IOMUX_CTRL register
 * instead of `iomux`, raises "not simulated" there (installEmulationGaps).
 */
import { lauxlib, lua, S, defineModule, raiseWhere, type JsFunction, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { Prng } from "../../net/prng.js";
import { omittedMembers } from "../../../image/board-modules.js";

/** Bytes of the simulated unique id: an SMBIOS UUID's, as the PC build reads it on Windows. */
export const UNIQUE_ID_BYTES = 16;
/** luat_mcu_get_clk on PC: g_pcconf.mcu_mhz's default (luat_pcconf_pc.c:72). */
const PC_CLOCK_MHZ = 240;

/** LUAT_MCU_PERIPHERAL_E (luat/include/luat_mcu.h:6): the peripheral types of iomux/altfun. */
export const MCU_PERIPHERALS: Readonly<Record<string, number>> = {
    UART: 0,
    I2C: 1,
    SPI: 2,
    PWM: 3,
    CAN: 4,
    GPIO: 5,
    I2S: 6,
    SDIO: 7,
    LCD: 8,
    CAM: 9,
    CAMERA: 9,
    ONEWIRE: 10,
    KEYBORAD: 11,
    ETH: 12,
};

/** The device's unique id: UNIQUE_ID_BYTES drawn from its seed, so stable across reboots. */
export function uniqueIdOf(seed: number): Uint8Array {
    const random = new Prng(seed, "mcu.unique_id");
    const id = new Uint8Array(UNIQUE_ID_BYTES);
    const view = new DataView(id.buffer);
    for (let i = 0; i < UNIQUE_ID_BYTES; i += 4) view.setUint32(i, random.nextUint32(), true);
    return id;
}

/** An integer argument the C reads with luaL_optinteger. */
const optInteger = (L: LuaState, i: number, d: number): number => lauxlib.luaL_optinteger(L, i, d) as number;

/** The lua_Integer a C integer becomes on the 32-bit VM. */
const pushInt32 = (L: LuaState, value: number): void => lua.lua_pushinteger(L, value | 0);

/** A C string argument's bytes (numbers converted, as luaL_checklstring does). */
const bytesAt = (L: LuaState, i: number): Uint8Array => lauxlib.luaL_checklstring(L, i) as Uint8Array;

/** Installs `mcu` (its functions and peripheral constants). */
export function installMcu(ctx: FirmwareContext): void {
    // The PC port counts from luat_mcu_startup_init; a device from its reset: from this boot here.
    const bootMs = ctx.clock.now();
    const micros = (): bigint => BigInt(ctx.clock.now() - bootMs) * 1000n;
    const id = uniqueIdOf(ctx.seed);
    // A C static of l_mcu_reg32: a reboot resets it.
    let reg32Warned = false;

    const functions: Record<string, JsFunction> = {
        unique_id: L => {
            lua.lua_pushlstring(L, id, id.length);
            return 1;
        },
        // luat_mcu_ticks is a long of ms; lua_pushinteger keeps its low 32 bits (luat_lib_mcu.c:84).
        ticks: L => {
            pushInt32(L, Number(micros() / 1000n));
            return 1;
        },
        // Modes 0/1/2: µs, ms or s split at a million, each part cast to uint32 (luat_lib_mcu.c:353); other modes return nothing.
        ticks2: L => {
            const mode = optInteger(L, 1, 0);
            if (mode < 0 || mode > 2) return 0;
            const value = micros() / [1n, 1000n, 1000_000n][mode]!;
            pushInt32(L, Number(value / 1000_000n));
            pushInt32(L, Number(value % 1000_000n));
            return 2;
        },
        hz: L => {
            lua.lua_pushinteger(L, 1);
            return 1;
        },
        // The tick as 8 little-endian bytes, 9 (a zero appended) when asked for bit64's form (LUAT_USE_BIT64), and µs per tick (luat_lib_mcu.c:158).
        tick64: L => {
            const wide = lua.lua_isboolean(L, 1) && lua.lua_toboolean(L, 1);
            const bytes = new Uint8Array(wide ? 9 : 8);
            new DataView(bytes.buffer).setBigUint64(0, micros(), true);
            lua.lua_pushlstring(L, bytes, bytes.length);
            lua.lua_pushinteger(L, 1);
            return 2;
        },
        // tick1 - tick2 as int64, compared with the reference value, pushed truncated to the 32-bit lua_Integer (luat_lib_mcu.c:192).
        dtick64: L => {
            const first = bytesAt(L, 1);
            const second = bytesAt(L, 2);
            const check = optInteger(L, 3, 0);
            if (first.length > 8 || second.length > 8) return raiseWhere(L, "tick string too long");
            const diff = BigInt.asIntN(64, tickOf(first) - tickOf(second));
            lua.lua_pushboolean(L, diff >= BigInt(check));
            lua.lua_pushinteger(L, Number(BigInt.asIntN(32, diff)));
            return 2;
        },
        hardfault: L => {
            optInteger(L, 1, 0);
            return 0;
        },
        // The PC build has no LUAT_MCU_IOMUX_CTRL: iomux logs and calls the port's no-op pre-setups (luat_lib_mcu.c:271).
        iomux: L => {
            const type = optInteger(L, 1, 0xff);
            const channel = optInteger(L, 2, 0xff);
            const value = optInteger(L, 3, 0);
            ctx.clog(LOG_LEVEL.DEBUG, "mcu", `mcu iomux ${type},${channel},${value}`);
            return 0;
        },
        XTALRefOutput: () => 0,
        setClk: L => {
            lauxlib.luaL_checkinteger(L, 1);
            lua.lua_pushboolean(L, true);
            return 1;
        },
        getClk: L => {
            lua.lua_pushinteger(L, PC_CLOCK_MHZ);
            return 1;
        },
        // Access disabled in the C: arguments are read, 0 returned, one warning per boot after the address (luat_lib_mcu.c:114).
        reg32: L => {
            lauxlib.luaL_checkinteger(L, 1);
            if (!reg32Warned) {
                reg32Warned = true;
                ctx.clog(LOG_LEVEL.WARN, "mcu", "mcu.reg32 is disabled for security reasons");
            }
            if (lua.lua_isinteger(L, 2)) optInteger(L, 3, -1);
            lua.lua_pushinteger(L, 0);
            return 1;
        },
        // "0x%lx" of the value as a uint32_t (luat_lib_mcu.c:139).
        x32: L => {
            const value = (lauxlib.luaL_checkinteger(L, 1) as number) >>> 0;
            lua.lua_pushstring(L, S("0x" + value.toString(16)));
            return 1;
        },
        setXTAL: L => {
            optInteger(L, 3, 1200);
            return 0;
        },
        // l_hmeta_muid: the id's uppercase hex, at most 32 digits (luat_lib_hmeta.c:104, luat_hmeta_pc.c:22).
        muid: L => {
            const hex = Array.from(id.subarray(0, 16), b => b.toString(16).toUpperCase().padStart(2, "0")).join("");
            lua.lua_pushstring(L, S(hex));
            return 1;
        },
    };
    // A board built with LUAT_MCU_IOMUX_CTRL has altfun in iomux's place (luat_lib_mcu.c:422).
    for (const name of omittedMembers("current", ctx.board.name, "mcu")) delete functions[name];
    defineModule(ctx.L, "mcu", functions, MCU_PERIPHERALS);
}

/** A tick string as the C's memcpy into a uint64_t: little-endian; bytes a short string leaves are 0 here (the device's are whatever the stack held). */
function tickOf(bytes: Uint8Array): bigint {
    const full = new Uint8Array(8);
    full.set(bytes);
    return new DataView(full.buffer).getBigUint64(0, true);
}
