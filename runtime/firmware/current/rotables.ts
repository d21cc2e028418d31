/**
 * Today's firmware keeps its libraries in flash as rotables (lua/src/
 * rotable2.c), the standard ones (lua/src/lstrlib.c, ltablib.c, lmathlib.c,
 * loslib.c, liolib.c, lcorolib.c, ldblib.c, lutf8lib.c) and its C modules
 * alike; `_G`, `package`, `sys` and `sysplus` are the only library tables.
 * So, as luatos-pc shows: `type(rtos)` is "userdata", `tostring(rtos)`
 * "rotable: <address>", `getmetatable(rtos)` false, `rtos.x = 1` raises
 * "attempt to index a rotable value (global 'rtos')", `rawset`/`next` on one
 * raise "bad argument #1 to '?' (table expected, got rotable)", and
 * `pairs(rtos)` lists every entry, constants included, in the order of the
 * C array ({@link LAYOUTS}). The string metatable's `__index` is a closure
 * over string's array, not the library.
 *
 * Entries of an array the simulator has no value for: a second name of
 * another entry's C function is that function (`io.fsize` is
 * `io.fileSize`, `math.atan2` is `math.atan`), a constant has its C value,
 * and a function raises "<library>.<name> is not simulated"
 * (docs/simulated-modules.md). Entries compiled only into a desktop build
 * (`#if defined(LUA_USE_LINUX) || defined(LUA_USE_WINDOWS) ...`) are in the
 * PC build's arrays only.
 */
import { lua, S } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import type { RotableValue } from "../flash-rotable.js";
import { librariesToRotables, type MissingEntry } from "../library-rotables.js";
import { notSimulated } from "../netclient-2021/not-simulated.js";
import { BIT_FUNCTIONS } from "./bit.js";
import { omittedMembers } from "../../../image/board-modules.js";

/** Each library's entries in the order of its rotable_Reg_t array (as luatos-pc's `pairs` lists them). */
export const LAYOUTS: Readonly<Record<string, readonly string[]>> = {
    // lcorolib.c co_funcs
    coroutine: ["create", "resume", "running", "status", "wrap", "yield", "isyieldable"],
    // ltablib.c tab_funcs (LUA_COMPAT_MAXN)
    table: ["concat", "maxn", "insert", "pack", "unpack", "remove", "move", "sort"],
    // liolib.c iolib
    io: ["open", "type", "exists", "fileSize", "readFile", "writeFile", "lines", "mkdir", "rmdir", "lsdir", "mkfs", "lsmount", "dexist", "fsstat", "fsize", "FILE", "DIR"],
    // loslib.c syslib
    os: ["clock", "date", "difftime", "execute", "exit", "getenv", "setlocale", "tmpname", "remove", "rename", "time"],
    // lstrlib.c strlib (with lstrlib_exts.c's functions)
    string: [
        "byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack",
        "toHex", "fromHex", "split", "toValue", "urlEncode", "fromBase64", "toBase64", "fromBase32", "toBase32", "startsWith", "endsWith", "trim", "strs",
    ],
    // lmathlib.c mathlib (LUA_COMPAT_MATHLIB)
    math: [
        "abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "tointeger", "floor", "fmod", "ult", "log", "max", "min", "modf", "rad", "random", "randomseed",
        "sin", "sqrt", "tan", "type", "atan2", "cosh", "sinh", "tanh", "pow", "frexp", "ldexp", "log10", "pi", "huge", "maxinteger", "mininteger",
    ],
    // lutf8lib.c funcs
    utf8: ["offset", "codepoint", "char", "len", "codes", "charpattern"],
    // ldblib.c dblib
    debug: ["getuservalue", "gethook", "getinfo", "getlocal", "getregistry", "getmetatable", "getupvalue", "upvaluejoin", "upvalueid", "setuservalue", "sethook", "setlocal", "setmetatable", "setupvalue", "traceback"],
    // luat_lib_rtos.c reg_rtos
    rtos: ["timer_start", "timer_stop", "receive", "reboot", "standy", "buildDate", "bsp", "version", "meminfo", "firmware", "setPaths", "nop", "autoCollectMem", "INF_TIMEOUT", "MSG_TIMER"],
    // luat_lib_log.c reg_log
    log: ["debug", "info", "warn", "error", "fatal", "setLevel", "getLevel", "style", "LOG_SILENT", "LOG_DEBUG", "LOG_INFO", "LOG_WARN", "LOG_ERROR"],
    // luat_lib_zbuff.c reg_zbuff
    zbuff: ["create", "SEEK_SET", "SEEK_CUR", "SEEK_END", "HEAP_AUTO", "HEAP_SRAM", "HEAP_PSRAM"],
    // luat_lib_socket.c reg_socket (LUAT_USE_SNTP)
    socket: [
        "create", "debug", "config", "linkup", "connect", "listen", "accept", "discon", "close", "tx", "rx", "read", "wait", "state", "release", "setDNS", "sslLog",
        "localIP", "remoteIP", "adapter", "dft", "close_all", "rx_cache", "sntp", "ntptm", "sntp_port",
        "ETH0", "LWIP_ETH", "LWIP_STA", "LWIP_AP", "LWIP_GP", "LINK", "ON_LINE", "EVENT", "TX_OK", "CLOSED", "LWIP_SPI",
        "LWIP_USER0", "LWIP_USER1", "LWIP_USER2", "LWIP_USER3", "LWIP_USER4", "LWIP_USER5", "LWIP_USER6", "LWIP_USER7", "LWIP_GP_GW", "LWIP_USB",
    ],
    // luat_lib_fskv.c reg_fskv
    // luat_lib_crypto.c reg_crypto (line 1095): no utest (LUAT_USE_UTEST is off); pk_* and MD_* where neither TYPE_EC718PM nor LUAT_USE_CRYPTO_LITE
    crypto: [
        "md5", "sha1", "sha256", "sha512", "hmac_md5", "hmac_sha1", "hmac_sha256", "hmac_sha512", "cipher", "cipher_encrypt", "cipher_decrypt", "cipher_list",
        "cipher_suites", "crc16", "crc16_modbus", "crc32", "crc8", "crc7", "trng", "totp", "base64_encode", "base64_decode", "md_file", "md", "checksum",
        "hash_init", "hash_update", "hash_finish", "crc_file", "pk_sign", "pk_verify", "pk_type", "pk_generate",
        "MD_MD5", "MD_SHA1", "MD_SHA224", "MD_SHA256", "MD_SHA384", "MD_SHA512",
    ],
    fskv: ["init", "set", "get", "del", "clr", "clear", "stat", "status", "iter", "next", "sett", "kvdb_init", "kv_set", "kv_get", "kv_del", "kv_clr", "kv_stat", "kv_iter", "kv_next"],
    // luat_lib_mcu.c reg_mcu: altfun with LUAT_MCU_IOMUX_CTRL, else iomux (a board's configuration leaves the other out)
    mcu: [
        "unique_id", "ticks", "ticks2", "hz", "tick64", "dtick64", "hardfault", "altfun", "iomux", "XTALRefOutput", "setClk", "getClk", "reg32", "x32", "setXTAL", "muid",
        "UART", "I2C", "SPI", "PWM", "CAN", "GPIO", "I2S", "LCD", "CAM", "CAMERA", "ONEWIRE", "SDIO", "KEYBORAD", "ETH",
    ],
    // luat_lib_timer.c reg_timer
    timer: ["mdelay", "udelay"],
    // luat_lib_http.c reg_http (utest only with LUAT_USE_UTEST, off on the PC build)
    http: ["request"],
    // luat_lib_mqtt.c reg_mqtt (line 798)
    mqtt: [
        "create", "auth", "keepalive", "on", "connect", "autoreconn", "publish", "subscribe", "unsubscribe", "disconnect", "close", "ready", "will", "debug", "state",
        "STATE_DISCONNECT", "STATE_SCONNECT", "STATE_MQTT", "STATE_READY", "VERIFY_NONE", "VERIFY_OPTION", "VERIFY_REQUIRED",
    ],
    // luat_lib_iotauth.c reg_iotauth
    iotauth: ["aliyun", "onenet", "iotda", "qcloud", "tuya", "baidu"],
    // luat_lib_rtc.c reg_rtc
    rtc: ["set", "get", "timerStart", "timerStop", "setBaseYear", "timezone"],
    // luat_lib_wdt.c reg_wdt
    wdt: ["init", "setTimeout", "feed", "close"],
    // luat_lib_pm.c reg_pm: chgcmd and chginfo with LUAT_USE_YHM27XX (not on the PC build)
    pm: [
        "request", "dtimerStart", "dtimerStop", "dtimerCheck", "dtimerList", "dtimerWkId", "force", "check", "lastReson", "shutdown", "reboot", "power", "ioVol",
        "wakeupPin", "keep", "chgcmd", "chginfo",
        "NONE", "IDLE", "LIGHT", "DEEP", "HIB", "USB", "GPS", "GPS_ANT", "CAMERA", "DAC_EN", "LDO_CTL", "PWK_MODE", "WORK_MODE",
        "IOVOL_ALL_GPIO", "IOVOL_SDIO", "IOVOL_LCD", "IOVOL_CAMA", "IOVOL_CAMD", "ID_NATIVE", "ID_WIFI", "WIFI", "WIFI_STA_DTIM", "WIFI_AP_DTIM",
    ],
    // luat_lib_websocket.c reg_websocket
    websocket: ["create", "on", "connect", "autoreconn", "send", "close", "ready", "headers", "debug"],
};

/** Second names of another entry's C function in the same array. */
const SAME_FUNCTION: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    io: { fsize: "fileSize" },
    math: { atan2: "atan" },
};

/** Constants the simulator's tables lack, with their C values. */
const CONSTANTS: Readonly<Record<string, Readonly<Record<string, RotableValue>>>> = {
    io: { FILE: { integer: 0 }, DIR: { integer: 1 } },
};

/** Entries compiled only into desktop builds (LUA_USE_LINUX, LUA_USE_WINDOWS or LUA_USE_MACOSX): the PC build's. */
const DESKTOP_ONLY: Readonly<Record<string, readonly string[]>> = {
    string: ["dump", "strs"],
    os: ["execute", "exit", "getenv", "setlocale", "tmpname"],
};

/** Reads `library.key` of the simulator's tables, before they become rotables. */
function functionOf(ctx: FirmwareContext, library: string, key: string): RotableValue | undefined {
    lua.lua_getglobal(ctx.L, S(library));
    lua.lua_getfield(ctx.L, -1, S(key));
    const fn = lua.lua_tocfunction(ctx.L, -1) as RotableValue | null;
    lua.lua_pop(ctx.L, 2);
    return fn ?? undefined;
}

/**
 * Turns the current firmware's libraries into rotables (after every module
 * has added to them): the globals and their package.loaded entries, `fdb`
 * (fskv's second name, luat_lib_fskv.c) and the string metatable's `__index`.
 */
export function installCurrentRotables(ctx: FirmwareContext): void {
    // The PC build is the desktop one (LUA_USE_LINUX).
    const desktop = ctx.board.bsp === "PC";
    const missing: MissingEntry = (library, key) => {
        const same = SAME_FUNCTION[library]?.[key];
        if (same !== undefined) return functionOf(ctx, library, same);
        const constant = CONSTANTS[library]?.[key];
        if (constant !== undefined) return constant;
        if (!desktop && DESKTOP_ONLY[library]?.includes(key) === true) return undefined;
        return notSimulated(`${library}.${key}`);
    };
    // Members the board's configuration leaves out are absent, emulated or not: mcu's iomux or altfun,
    // crypto's pk_* and MD_* on the EC718PM (luat_lib_crypto.c:1129).
    // Emulated modules a board's firmware does not open (iotauth on air101) were not installed: no rotable.
    const present = (library: string): boolean => {
        const type = lua.lua_getglobal(ctx.L, S(library));
        lua.lua_pop(ctx.L, 1);
        return type !== lua.LUA_TNIL;
    };
    const layouts = Object.fromEntries(
        Object.entries(LAYOUTS).filter(([library]) => present(library)).map(([library, keys]) => {
            const omitted = omittedMembers("current", ctx.board.name, library);
            return [library, keys.filter(key => !omitted.has(key))];
        }),
    );
    librariesToRotables(ctx.L, layouts, "rotable2", missing);
    lua.lua_getglobal(ctx.L, S("fskv"));
    lua.lua_setglobal(ctx.L, S("fdb"));
    // Libraries only some boards open (bit.ts, fs.ts), each under a second name that must stay the same value.
    if (lua.lua_getglobal(ctx.L, S("bit32")) === lua.LUA_TTABLE) {
        librariesToRotables(ctx.L, { bit32: BIT_FUNCTIONS }, "rotable2");
        lua.lua_getglobal(ctx.L, S("bit32"));
        lua.lua_setglobal(ctx.L, S("bit"));
    }
    lua.lua_pop(ctx.L, 1);
    // luaopen_fs returns io itself (luat_lib_fs.c): fs names the io rotable.
    if (lua.lua_getglobal(ctx.L, S("fs")) !== lua.LUA_TNIL) {
        lua.lua_getglobal(ctx.L, S("io"));
        lua.lua_setglobal(ctx.L, S("fs"));
    }
    lua.lua_pop(ctx.L, 1);
}
