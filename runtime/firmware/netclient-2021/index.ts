import type { FirmwareGeneration } from "../context.js";
import { installLog } from "./log.js";
import { installOsTime } from "./os-time.js";
import { installPrint } from "./print.js";
import { installRtos } from "./rtos.js";
import { installSocket } from "./socket.js";
import { installCrypto } from "./crypto.js";
import { installGpio } from "./gpio.js";
import { installJson } from "./json.js";
import { installNotSimulated } from "./not-simulated.js";
import { installPack } from "./pack.js";
import { installPwm } from "./pwm.js";
import { installSensor } from "./sensor.js";
import { installTimer } from "./timer.js";
import { installUart } from "./uart.js";
import { installWlan } from "./wlan.js";
import { installStdRotables } from "./std-rotables.js";
import { installStringExt } from "./string-ext.js";

/**
 * The 2021 RT-Thread firmware (Air640W, LuatOS V0005): rtos, log, print,
 * the netclient socket module and os time on the device clock; json, pack,
 * timer and crypto; LuatOS's string additions (string-ext.ts); wlan, gpio, uart, sensor and pwm against the device's
 * virtual peripherals; and every other C module of the Air640W build as
 * "not simulated" stubs (docs/simulated-modules.md). sys, mqtt and mqtt2
 * are not here: they are Lua, loaded from the script folder like any module.
 */
export const netclient2021: FirmwareGeneration = {
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
        installNotSimulated(ctx);
        installStringExt(ctx);
        // Last: the standard libraries become rotables once every module has added to them.
        installStdRotables(ctx.L);
    },
};
