/**
 * pm (luat/modules/luat_lib_pm.c) as the PC build runs it, on the port
 * bsp/pc/port/driver/luat_pm_pc.c (no LUAT_USE_DRV_PM, no YHM27XX charger):
 *
 * - Sleep requests and power switches succeed and change nothing:
 *   `request`, `power`, `ioVol` and `wakeupPin` return true, `force` and
 *   `keep` 0, `check` true and 0 (the port's functions return 0; their mock
 *   hooks answer nothing).
 * - No deep-sleep timers: `dtimerStart` returns false (the port's -1),
 *   `dtimerStop` nothing, `dtimerCheck` false, `dtimerList` an empty table,
 *   `dtimerWkId` -1 (luat_lib_pm.c:106).
 * - `lastReson` is 0, 0, 0, 0: a power-on (luat_lib_pm.c:117).
 * - `shutdown` ends the firmware at once, as the port's exit(0) ends the
 *   process (luat_pm_pc.c:90); `reboot` is rtos.reboot's C function
 *   (luat_lib_pm.c:380).
 *
 * Arguments are read as the C reads them: lua_tointeger for a non-boolean
 * on/off (no error), luaL_checkinteger on each pin of a wakeupPin table.
 */
import { lauxlib, lua, S, defineModule, type JsFunction, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { stopFirmware, type Halt } from "./os-exit.js";

/** reg_pm's constants (luat/include/luat_pm.h: sleep modes, LUAT_PM_POWER_*, LUAT_PM_ALL_GPIO and the LDO types). */
export const PM_CONSTANTS: Readonly<Record<string, number>> = {
    NONE: 0,
    IDLE: 1,
    LIGHT: 2,
    DEEP: 3,
    HIB: 4,
    USB: 0,
    GPS: 1,
    GPS_ANT: 2,
    CAMERA: 3,
    DAC_EN: 4,
    LDO_CTL: 7,
    PWK_MODE: 5,
    WORK_MODE: 6,
    IOVOL_ALL_GPIO: 0,
    IOVOL_SDIO: 1,
    IOVOL_LCD: 2,
    IOVOL_CAMA: 3,
    IOVOL_CAMD: 4,
    ID_NATIVE: 0,
    ID_WIFI: 1,
    WIFI: 10,
    WIFI_STA_DTIM: 8,
    WIFI_AP_DTIM: 9,
};

const checkInt = (L: LuaState, i: number): number => lauxlib.luaL_checkinteger(L, i) as number;

const pushBoolean = (L: LuaState, value: boolean): number => {
    lua.lua_pushboolean(L, value);
    return 1;
};

const pushInteger = (L: LuaState, value: number): number => {
    lua.lua_pushinteger(L, value);
    return 1;
};

/** Installs `pm` (after rtos, whose reboot it shares). */
export function installPm(ctx: FirmwareContext, halt: Halt): void {
    lua.lua_getglobal(ctx.L, S("rtos"));
    lua.lua_getfield(ctx.L, -1, S("reboot"));
    const reboot = lua.lua_tocfunction(ctx.L, -1) as JsFunction;
    lua.lua_pop(ctx.L, 2);
    defineModule(
        ctx.L,
        "pm",
        {
            request: L => {
                checkInt(L, 1);
                return pushBoolean(L, true);
            },
            dtimerStart: L => {
                checkInt(L, 1);
                checkInt(L, 2);
                return pushBoolean(L, false);
            },
            dtimerStop: L => {
                checkInt(L, 1);
                return 0;
            },
            dtimerCheck: L => {
                checkInt(L, 1);
                return pushBoolean(L, false);
            },
            dtimerList: L => {
                lua.lua_createtable(L, 0, 0);
                return 1;
            },
            dtimerWkId: L => pushInteger(L, -1),
            force: L => {
                checkInt(L, 1);
                return pushInteger(L, 0);
            },
            check: L => {
                lua.lua_pushboolean(L, true);
                lua.lua_pushinteger(L, 0);
                return 2;
            },
            lastReson: L => {
                for (let i = 0; i < 4; i++) lua.lua_pushinteger(L, 0);
                return 4;
            },
            shutdown: L => stopFirmware(ctx, halt, L, 0, "pm.shutdown: exit(0)"),
            reboot,
            power: L => {
                checkInt(L, 1);
                return pushBoolean(L, true);
            },
            ioVol: L => {
                lauxlib.luaL_optinteger(L, 1, PM_CONSTANTS.IOVOL_ALL_GPIO!);
                if (!lua.lua_isboolean(L, 2) && lua.lua_isinteger(L, 2)) checkInt(L, 2);
                return pushBoolean(L, true);
            },
            wakeupPin: L => {
                lauxlib.luaL_optinteger(L, 2, 0);
                if (lua.lua_istable(L, 1)) {
                    const count = lua.lua_rawlen(L, 1);
                    for (let i = 1; i <= count; i++) {
                        lua.lua_geti(L, 1, i);
                        checkInt(L, -1);
                        lua.lua_pop(L, 1);
                    }
                } else if (lua.lua_isnumber(L, 1)) checkInt(L, 1);
                return pushBoolean(L, true);
            },
            keep: L => {
                lauxlib.luaL_optinteger(L, 1, 16);
                return pushInteger(L, 0);
            },
        },
        PM_CONSTANTS,
    );
}
