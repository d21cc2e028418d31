/**
 * log (luat_lib_log.c): `log.info(tag, ...)` calls the global `print` with
 * "I/user.<tag>" and the values, so they come out separated by spaces like
 * print's. One argument prints the bare tag; no argument prints nothing
 * (`argc < 1`). A tag that is not a string or number reads "(null)"
 * (`lua_tostring` gives NULL to `%s`). `log.style` accepts only the normal
 * style here.
 */
import { lua, S, bytesOf, defineModule, stringAt, textOf, type JsFunction, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";

export function installLog(ctx: FirmwareContext): void {
    const toPrint = (L: LuaState, letter: string): number => {
        const argc = lua.lua_gettop(L) as number;
        if (argc < 1) return 0;
        const tag = stringAt(L, 1);
        lua.lua_pushstring(L, bytesOf(`${letter}/user.${tag === undefined ? "(null)" : textOf(tag)}`));
        lua.lua_replace(L, 1);
        lua.lua_getglobal(L, S("print"));
        lua.lua_insert(L, 1);
        lua.lua_call(L, argc, 0);
        return 0;
    };
    const at =
        (level: number, letter: string): JsFunction =>
        L =>
            ctx.logLevel > level ? 0 : toPrint(L, letter);

    defineModule(
        ctx.L,
        "log",
        {
            setLevel: L => {
                let level = 0;
                if (lua.lua_isinteger(L, 1)) level = lua.lua_tointeger(L, 1) as number;
                else if (lua.lua_isstring(L, 1)) {
                    const name = textOf(lua.lua_tolstring(L, 1) as Uint8Array);
                    level = name in LOG_LEVEL ? LOG_LEVEL[name as keyof typeof LOG_LEVEL] : 0;
                }
                ctx.logLevel = level === 0 ? LOG_LEVEL.SILENT : level;
                return 0;
            },
            getLevel: L => {
                lua.lua_pushinteger(L, ctx.logLevel);
                return 1;
            },
            style: L => {
                lua.lua_pushinteger(L, 0);
                return 1;
            },
            debug: at(LOG_LEVEL.DEBUG, "D"),
            info: at(LOG_LEVEL.INFO, "I"),
            warn: at(LOG_LEVEL.WARN, "W"),
            error: at(LOG_LEVEL.ERROR, "E"),
            fatal: at(LOG_LEVEL.ERROR, "E"),
        },
        { LOG_SILENT: LOG_LEVEL.SILENT, LOG_DEBUG: LOG_LEVEL.DEBUG, LOG_INFO: LOG_LEVEL.INFO, LOG_WARN: LOG_LEVEL.WARN, LOG_ERROR: LOG_LEVEL.ERROR },
    );
}
