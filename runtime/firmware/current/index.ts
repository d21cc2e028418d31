import { installCurrentLuaCore } from "./lua-core.js";
import { lua, S } from "../../lua.js";
import { LOG_LEVEL, type FirmwareBanners, type FirmwareContext, type FirmwareGeneration } from "../context.js";
import { currentBanners } from "./banners.js";
import { installBit } from "./bit.js";
import { installCrypto } from "./crypto.js";
import { installOsTime } from "../netclient-2021/os-time.js";
import { installFskv } from "./fskv.js";
import { installFs } from "./fs.js";
import { installHttp } from "./http.js";
import { installWebsocket } from "./websocket.js";
import { installJson } from "./json.js";
import { installPack } from "./pack.js";
import { installLog } from "./log.js";
import { installMcu } from "./mcu.js";
import { installMqtt } from "./mqtt.js";
import { installTimer } from "./timer.js";
import { installIotauth } from "./iotauth.js";
import { installRtc } from "./rtc.js";
import { installWdt } from "./wdt.js";
import { installPm } from "./pm.js";
import { installOsExit, type Halt } from "./os-exit.js";
import { installPrint } from "./print.js";
import { installRtos } from "./rtos.js";
import { ADAPTER, installSocket } from "./socket.js";
import { installStringExt } from "./string-ext.js";
import { installSys } from "./sys.js";
import { installZbuff } from "./zbuff.js";
import { installCurrentRotables } from "./rotables.js";
import { modulesNotOnBoard, notSimulatedModules, type NotSimulatedModule } from "../emulated-modules.js";
import { installEmulationGaps, installNotSimulated } from "../netclient-2021/not-simulated.js";

/** How long after boot the network announces IP_READY (the PC adapter's one-shot timer). */
export const IP_READY_DELAY_MS = 500;

/** Options of the current firmware generation. */
export interface CurrentFirmwareOptions {
    /** The network adapter index: 17 (ETH0, the PC build; default), 1 (LWIP_GP, cellular modules), 2 (LWIP_STA, Wi-Fi). */
    adapter?: number;
    /** What luat_main prints around the VM; default: the PC build's (banners.ts). */
    banners?: FirmwareBanners;
    /**
     * The board's C modules the simulator does not emulate, with their
     * functions: each becomes a rotable whose functions raise "<module>.<function>
     * is not simulated". Default: the PC build's (emulated-modules.ts).
     */
    notSimulated?: ReadonlyMap<string, NotSimulatedModule>;
    /** The PC port's timer callback counts repeats down too (runtime/board.ts `timerCountsTwice`). */
    timerCountsTwice?: boolean;
}

/**
 * The current LuatOS firmware (the socket.create / zbuff API, sys built in):
 * LuatOS's string additions, print, log, rtos, zbuff, socket, http, mqtt, websocket, json, pack, fskv, bit, fs (today's io), crypto, mcu, timer, iotauth, rtc, wdt, pm, os.exit, os.time/os.date
 * on the device RTC and the embedded sys/sysplus; the board's other C
 * modules raise "not simulated" (emulated-modules.ts).
 */
export function currentFirmware(options: CurrentFirmwareOptions = {}): FirmwareGeneration {
    const adapter = options.adapter ?? ADAPTER.ETH0;
    const notSimulated = options.notSimulated ?? notSimulatedModules({ name: "pc", generation: "current" });
    return {
        name: "current",
        banners: options.banners ?? PC_BANNERS,
        // Scripts come from the LuaDB image mounted at /luadb/: errors read `/luadb/main.lua:1:` (luatos-pc --ldb).
        chunkName: file => "@/luadb/" + file,
        scriptFolder: "/luadb",
        install(ctx) {
            const halt: Halt = { halted: false, code: undefined, onHalt: [] };
            installCurrentLuaCore(ctx);
            installStringExt(ctx);
            installPrint(ctx);
            installLog(ctx);
            installRtos(ctx, options.timerCountsTwice === true);
            installZbuff(ctx.L, text => ctx.clog(LOG_LEVEL.WARN, "zbuff", text));
            const socketAdapter = installSocket(ctx, halt, { index: adapter });
            installHttp(ctx, halt, socketAdapter);
            installWebsocket(ctx, halt, socketAdapter);
            installJson(ctx);
            installPack(ctx);
            installFskv(ctx);
            installBit(ctx);
            installFs(ctx);
            installCrypto(ctx);
            installMcu(ctx);
            installTimer(ctx);
            installMqtt(ctx, halt, socketAdapter, { index: adapter });
            // Modules some boards' firmware does not open (iotauth on air101) are left out there.
            const absent = modulesNotOnBoard({ name: ctx.board.name, generation: "current" });
            if (!absent.includes("iotauth")) installIotauth(ctx);
            if (!absent.includes("rtc")) installRtc(ctx);
            if (!absent.includes("wdt")) installWdt(ctx);
            if (!absent.includes("pm")) installPm(ctx, halt);
            // Lua's os.time/os.date on the device RTC: the same C library in both generations. Before os.exit: it sets up the os table.
            installOsTime(ctx);
            installOsExit(ctx, halt);
            // The firmware's other C modules: present, as on the device, and saying they are not simulated when called.
            installNotSimulated(ctx, notSimulated, "rotable2");
            // Functions the firmware registers in an emulated module that the emulation lacks: "not simulated" too.
            installEmulationGaps(ctx);
            // Last of the libraries: they become rotables in their C arrays' order once every module has added to them.
            installCurrentRotables(ctx);
            // Built-in modules are globals only on this firmware: require("socket") does not find them.
            forgetLoaded(ctx, ["rtos", "log", "zbuff", "socket", "json", "pack", "fskv", "bit32", "crypto", "mcu", "timer", "http", "mqtt", "websocket", "iotauth", "rtc", "wdt", "pm", ...notSimulated.keys()]);
            installSys(ctx);
            // luatos-pc's loaded table holds only sysplus and sys (in that order of traversal): the standard
            // libraries are rotables, opened without package.loaded entries. So require("string") fails, and
            // tracebacks name sys functions 'sysplus.wait' and every other C function by how it was called.
            forgetLoaded(ctx, ["_G", "package", "coroutine", "table", "io", "os", "string", "math", "utf8", "debug"]);
            lua.lua_getfield(ctx.L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
            lua.lua_getfield(ctx.L, -1, S("sys"));
            lua.lua_pushnil(ctx.L);
            lua.lua_setfield(ctx.L, -3, S("sys"));
            lua.lua_setfield(ctx.L, -2, S("sys"));
            lua.lua_pop(ctx.L, 1);
            announceIpReady(ctx, adapter);
        },
    };
}

/** The PC build's banners: LUAT_EXIT_REBOOT_DELAY 1000 (bsp/pc/include/luat_conf_bsp.h). */
const PC_BANNERS = currentBanners(1000);

/** The current firmware as the PC build runs it (adapter 17). */
export const current: FirmwareGeneration = currentFirmware();

function forgetLoaded(ctx: FirmwareContext, names: string[]): void {
    lua.lua_getfield(ctx.L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    for (const name of names) {
        lua.lua_pushnil(ctx.L);
        lua.lua_setfield(ctx.L, -2, S(name));
    }
    lua.lua_pop(ctx.L, 1);
}

/** `sys_pub("IP_READY", ip, adapter)` once, when the network is up IP_READY_DELAY_MS after boot (or later, when it comes up). */
function announceIpReady(ctx: FirmwareContext, adapter: number): void {
    const check = () => {
        if (!ctx.alive()) return;
        const ip = ctx.network.isUp() ? ctx.network.ip() : undefined;
        if (ip === undefined) {
            ctx.clock.after(1000, check);
            return;
        }
        ctx.post(L => {
            if (lua.lua_getglobal(L, S("sys_pub")) === lua.LUA_TFUNCTION) {
                lua.lua_pushstring(L, S("IP_READY"));
                lua.lua_pushstring(L, S(ip));
                lua.lua_pushinteger(L, adapter);
                lua.lua_call(L, 3, 0);
            } else lua.lua_pop(L, 1);
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    };
    ctx.clock.after(IP_READY_DELAY_MS, check);
}
