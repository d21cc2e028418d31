/**
 * What today's luat_main prints around the Lua VM (luat/modules/luat_main.c),
 * as luatos-pc shows it:
 *
 *     I/main LuatOS@PC base 26.04 bsp V2035 32bit
 *     I/main ROM Build: Nov 27 2026 08:03:53
 *     D/main loadlibs luavm 4194288 24416 24416
 *     D/main loadlibs sys   2097136 8776 2088360
 *     D/main loadlibs psram 16777200 0 0
 *
 * (the model name, the heap figures and the build come from the board;
 * `loadlibs` is printed after the C libraries are opened, before sys is
 * loaded, luat_main.c:112). An error main.lua does not catch prints
 * `E/main Luat: ` and `E/main <message>` (luat_main.c report), then, as when
 * main.lua returns, `E/main Lua VM exit!! reboot in <ms>ms`
 * (luat_main.c:350): 1000 ms on the PC build (bsp/pc/include/luat_conf_bsp.h
 * LUAT_EXIT_REBOOT_DELAY), 15000 ms by default (luat_main.c:14).
 */
import type { BoardProfile } from "../../board.js";
import { LOG_LEVEL, type FirmwareBanners } from "../context.js";

/** luat_main.c:14: the reboot delay of a firmware whose bsp does not set one. */
export const DEFAULT_EXIT_REBOOT_MS = 15_000;

/** The banners of today's firmware, rebooting `rebootMs` after the VM exits (the board's figures fill in the lines at boot). */
export function currentBanners(rebootMs: number = DEFAULT_EXIT_REBOOT_MS): FirmwareBanners {
    const line = (level: number, text: string) => ({ level, tag: "main", text });
    return {
        boot(profile, [total, used], scriptFiles) {
            const banner = profile.mainBanner;
            const width = profile.int32 && profile.numberBytes === 4 ? "32bit" : "64bit";
            const loadlibs = profile.luaVm?.loadlibsBytes ?? used;
            const sysTotal = profile.sysHeap[0];
            const sysUsed = profile.sysHeap[1] + (banner?.sysBytesPerScriptFile ?? 0) * Math.max(0, scriptFiles - 1);
            const sysMax = banner?.sysMax ?? sysTotal - sysUsed;
            const psram = banner?.psram ?? [sysTotal, sysUsed, sysMax];
            return [
                line(LOG_LEVEL.INFO, `LuatOS@${banner?.model ?? profile.bsp} base ${banner?.base ?? "26.04"} bsp ${profile.version} ${width}`),
                line(LOG_LEVEL.INFO, `ROM Build: ${profile.buildDate} ${banner?.buildTime ?? "00:00:00"}`),
                line(LOG_LEVEL.DEBUG, `loadlibs luavm ${total} ${loadlibs} ${loadlibs}`),
                line(LOG_LEVEL.DEBUG, `loadlibs sys   ${sysTotal} ${sysUsed} ${sysMax}`),
                line(LOG_LEVEL.DEBUG, `loadlibs psram ${psram[0]} ${psram[1]} ${psram[2]}`),
            ];
        },
        crash: error => ({ text: `E/main Luat: \nE/main ${error.message}\n` }),
        exit: () => ({ line: line(LOG_LEVEL.ERROR, `Lua VM exit!! reboot in ${rebootMs}ms`), rebootMs }),
    };
}
