import type { FirmwareGeneration } from "../context.js";
import { installLog } from "./log.js";
import { installOsTime } from "./os-time.js";
import { installPrint } from "./print.js";
import { installRtos } from "./rtos.js";
import { installSocket } from "./socket.js";
import { installCrypto } from "./crypto.js";
import { installGpio } from "./gpio.js";
import { installJson } from "./json.js";
import { installEmulationGaps, installNotSimulated } from "./not-simulated.js";
import { installPack } from "./pack.js";
import { installPwm } from "./pwm.js";
import { installSensor } from "./sensor.js";
import { installTimer } from "./timer.js";
import { installUart } from "./uart.js";
import { installWlan } from "./wlan.js";
import { installStdRotables } from "./std-rotables.js";
import { lauxlib, lua, S } from "../../lua.js";
import { modulesNotOnBoard, notSimulatedModules, type NotSimulatedModule } from "../emulated-modules.js";
import { installStringExt } from "./string-ext.js";

/**
 * The 2021 RT-Thread firmware (Air640W, LuatOS V0005): rtos, log, print,
 * the netclient socket module and os time on the device clock; json, pack,
 * timer and crypto; LuatOS's string additions (string-ext.ts); wlan, gpio, uart, sensor and pwm against the device's
 * virtual peripherals; and every other C module of the Air640W build as
 * "not simulated" stubs (docs/simulated-modules.md). sys, mqtt and mqtt2
 * are not here: they are Lua, loaded from the script folder like any module.
 */
export const netclient2021: FirmwareGeneration = netclient2021Firmware();

/**
 * The 2021 firmware of a board: the Air640W's ({@link netclient2021}) with
 * the board's own module list. The Air302 build opens `adc`, `pm`, `lpmem`,
 * `libgnss` and `ctiot` (here "not simulated" too) and has no `wlan` or
 * `dbg` (absent here, as on the device).
 */
export function netclient2021For(board: { name: string }): FirmwareGeneration {
    if (board.name === "air640w") return netclient2021;
    const profile = { name: board.name, generation: "2021" as const };
    return netclient2021Firmware(notSimulatedModules(profile), modulesNotOnBoard(profile));
}

function netclient2021Firmware(notSimulated?: ReadonlyMap<string, NotSimulatedModule>, absent: readonly string[] = []): FirmwareGeneration {
    return {
        name: "netclient-2021",
        // luat_main.c pmain: luaL_dostring(L, "require(\"main\")").
        bootChunk: 'require("main")',
        install(ctx) {
            installPrint(ctx);
            installLog(ctx);
            installRtos(ctx);
            installSocket(ctx);
            installOsTime(ctx);
            installJson(ctx);
            installPack(ctx);
            installTimer(ctx);
            installCrypto(ctx);
            installWlan(ctx);
            installGpio(ctx);
            installUart(ctx);
            installSensor(ctx);
            installPwm(ctx);
            installNotSimulated(ctx, notSimulated);
            installEmulationGaps(ctx);
            installStringExt(ctx);
            for (const module of absent) {
                lua.lua_pushnil(ctx.L);
                lua.lua_setglobal(ctx.L, S(module));
                lauxlib.luaL_getsubtable(ctx.L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
                lua.lua_pushnil(ctx.L);
                lua.lua_setfield(ctx.L, -2, S(module));
                lua.lua_pop(ctx.L, 1);
            }
            // Last: the standard libraries become rotables once every module has added to them.
            installStdRotables(ctx.L);
        },
    };
}
