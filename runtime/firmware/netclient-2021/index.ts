import type { FirmwareGeneration } from "../context.js";
import { installLog } from "./log.js";
import { installOsTime } from "./os-time.js";
import { installPrint } from "./print.js";
import { installRtos } from "./rtos.js";
import { installSocket } from "./socket.js";

/**
 * The 2021 RT-Thread firmware (Air640W, LuatOS V0005): rtos, log, print,
 * the netclient socket module and os time on the device clock. sys is not
 * here: it is Lua, loaded from the script folder like any module.
 */
export const netclient2021: FirmwareGeneration = {
    name: "netclient-2021",
    install(ctx) {
        installPrint(ctx);
        installLog(ctx);
        installRtos(ctx);
        installSocket(ctx);
        installOsTime(ctx);
    },
};
