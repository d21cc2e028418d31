/**
 * log (luat_lib_log.c): `log.info(tag, ...)` calls the global `print` with
 * "I/user.<tag>" and the values (print joins them with tabs); the level
 * filters D/I/W/E.
 *
 * The C code counts the level letter it inserts among the arguments, so the
 * "fewer than 2 arguments" check only drops a call with no arguments at all:
 * `log.info("tag")` prints "I/user.tag" on the device, and so here.
 */
import { lua, S, bytesOf, stringAt, textOf, type JsFunction, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { defineFlashRotable } from "../flash-rotable.js";

/** The names `log.setLevel` knows (luat_lib_log.c). */
const LEVEL_NAMES = new Map<string, number>([
    ["SILENT", LOG_LEVEL.SILENT],
    ["DEBUG", LOG_LEVEL.DEBUG],
    ["INFO", LOG_LEVEL.INFO],
    ["WARN", LOG_LEVEL.WARN],
    ["ERROR", LOG_LEVEL.ERROR],
]);

export function installLog(ctx: FirmwareContext): void {
    const toPrint = (L: LuaState, letter: string): number => {
        const argc = lua.lua_gettop(L) as number;
        // The C check is `argc < 2` with the level letter counted: only a bare call prints nothing.
        if (argc < 1) return 0;
        const tag = stringAt(L, 1);
        lua.lua_getglobal(L, S("print"));
        lua.lua_insert(L, 1);
        lua.lua_pushstring(L, bytesOf(`${letter}/user.${tag === undefined ? "(null)" : textOf(tag)}`));
        lua.lua_replace(L, 2);
        lua.lua_call(L, argc, 0);
        return 0;
    };
    const at =
        (level: number, letter: string): JsFunction =>
        L =>
            ctx.logLevel > level ? 0 : toPrint(L, letter);

    defineFlashRotable(
        ctx.L,
        "log",
        {
            setLevel: L => {
                let level = 0;
                if (lua.lua_isinteger(L, 1)) level = lua.lua_tointeger(L, 1) as number;
                else if (lua.lua_isstring(L, 1)) {
                    // The C code compares with five literal names; anything else (FATAL too) silences all.
                    level = LEVEL_NAMES.get(textOf(lua.lua_tolstring(L, 1) as Uint8Array)) ?? 0;
                }
                ctx.logLevel = level === 0 ? LOG_LEVEL.SILENT : level;
                return 0;
            },
            getLevel: L => {
                lua.lua_pushinteger(L, ctx.logLevel);
                return 1;
            },
            debug: at(LOG_LEVEL.DEBUG, "D"),
            info: at(LOG_LEVEL.INFO, "I"),
            warn: at(LOG_LEVEL.WARN, "W"),
            error: at(LOG_LEVEL.ERROR, "E"),
            fatal: at(LOG_LEVEL.ERROR, "E"),
            _log: L => {
                // log._log(level, tag, ...): the level letter is the first argument.
                if (lua.lua_gettop(L) < 2) return 0;
                // lua_tostring of a non-string is NULL, which the C format prints as "(null)".
                const letter = textOf(stringAt(L, 1) ?? S("(null)"));
                lua.lua_remove(L, 1);
                return toPrint(L, letter);
            },
        },
        { LOG_SILENT: LOG_LEVEL.SILENT, LOG_DEBUG: LOG_LEVEL.DEBUG, LOG_INFO: LOG_LEVEL.INFO, LOG_WARN: LOG_LEVEL.WARN, LOG_ERROR: LOG_LEVEL.ERROR },
    );
}
