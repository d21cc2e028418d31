/**
 * What the 2021 firmware's luat_main prints around the Lua VM: the build
 * line and the heap lines at boot, the report of an uncaught error, and
 * "Lua VM exit!! reboot in 30s" before it reboots.
 *
 * The report (luat_main.c report/l_message) is two calls of
 * lua_writestringerror, which the firmware defines as its C log at error
 * level with the tag `lua.err` (lauxlib.h:224): `"%s: "` with "LUAT", then
 * `"%s\n"` with the message. luat_log_log (luat_log_weak.c) formats the
 * text after the `E/lua.err ` prefix with vsnprintf_ of at most 1023 bytes
 * and adds a newline, so the message line ends in an empty line, and a
 * message of 1022 bytes or more is cut at 1023 (its own newline lost). That
 * call is given the whole 1024-byte buffer although it starts 10 bytes in:
 * the line then runs past the buffer, and its later cap at 1023 bytes, which
 * the compiler may drop (strlen of a 1024-byte array), does not cut it in
 * the firmware program built from that code: the line holds all 1023 bytes.
 * A message lua_tostring cannot give (a table, a boolean: NULL) reaches
 * printf's `%s` as a NULL pointer: the C code faults.
 */
import type { BoardProfile } from "../../board.js";
import { VM_EXIT_REBOOT_MS } from "../../device-options.js";
import { LOG_LEVEL, type FirmwareBanners } from "../context.js";

/** LOGLOG_SIZE of luat_log_weak.c: a C log line holds at most this many bytes before its newline, minus one. */
const LOG_BUFFER = 1024;

/** One luat_log_log line at error level: `E/<tag> ` and the formatted text cut at 1023 bytes, then a newline. */
function errorLogLine(tag: string, formatted: string): string {
    const text = Buffer.from(formatted, "utf8").subarray(0, LOG_BUFFER - 1);
    return `E/${tag} ${text.toString("utf8")}\n`;
}

export const BANNERS_2021: FirmwareBanners = {
    boot(board: BoardProfile, [total, used, max]: [number, number, number]) {
        return [
            { level: LOG_LEVEL.INFO, tag: "luat.main", text: `LuatOS@${board.bsp} ${board.version}, Build: ${board.buildDate} 00:00:00` },
            { level: LOG_LEVEL.DEBUG, tag: "luat.main", text: `luavm ${total} ${used} ${max}` },
            { level: LOG_LEVEL.DEBUG, tag: "luat.main", text: `sys   ${board.sysHeap[0]} ${board.sysHeap[1]} ${board.sysHeap[1]}` },
        ];
    },
    crash({ message, text }, logLevel) {
        // luat_log_log prints nothing below the level log.setLevel chose.
        const shown = logLevel <= LOG_LEVEL.ERROR;
        const name = shown ? errorLogLine("lua.err", "LUAT: ") : "";
        if (!text) return shown ? { text: name, fault: "hard fault: the uncaught error is not a string and luat_main.c report prints it with %s of NULL" } : { text: "" };
        return { text: shown ? name + errorLogLine("lua.err", `${message}\n`) : "" };
    },
    exit: () => ({ line: { level: LOG_LEVEL.ERROR, tag: "luat.main", text: `Lua VM exit!! reboot in ${VM_EXIT_REBOOT_MS / 1000}s` }, rebootMs: VM_EXIT_REBOOT_MS }),
};
