/**
 * What the 2021 firmware's luat_main prints around the Lua VM: the build
 * line and the heap lines at boot, `LUAT: <error>` for an uncaught error,
 * and "Lua VM exit!! reboot in 30s" before it reboots.
 */
import type { BoardProfile } from "../../board.js";
import { VM_EXIT_REBOOT_MS } from "../../device-options.js";
import { LOG_LEVEL, type FirmwareBanners } from "../context.js";

export const BANNERS_2021: FirmwareBanners = {
    boot(board: BoardProfile, [total, used, max]: [number, number, number]) {
        return [
            { level: LOG_LEVEL.INFO, tag: "luat.main", text: `LuatOS@${board.bsp} ${board.version}, Build: ${board.buildDate} 00:00:00` },
            { level: LOG_LEVEL.DEBUG, tag: "luat.main", text: `luavm ${total} ${used} ${max}` },
            { level: LOG_LEVEL.DEBUG, tag: "luat.main", text: `sys   ${board.sysHeap[0]} ${board.sysHeap[1]} ${board.sysHeap[1]}` },
        ];
    },
    crash: message => `LUAT: ${message}\n`,
    exit: () => ({ line: { level: LOG_LEVEL.ERROR, tag: "luat.main", text: `Lua VM exit!! reboot in ${VM_EXIT_REBOOT_MS / 1000}s` }, rebootMs: VM_EXIT_REBOOT_MS }),
};
