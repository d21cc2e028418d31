/**
 * rtc (luat/modules/luat_lib_rtc.c) over the PC port
 * bsp/pc/port/driver/luat_rtc_pc.c:
 *
 * - `get` is the device clock's UTC fields (luat_rtc_pc.c:15, gmtime of
 *   time()): the clock os.time and os.date read.
 * - `set` checks its table (year 1900-2200, a real date, hour, minute,
 *   second; luat_lib_rtc.c:20-112) or its timestamp (1 to 0xFFFFFFFF) with
 *   the C's warnings and answers true or false; a missing field warns and
 *   returns nothing. The PC port's luat_rtc_set and luat_rtc_set_tamp32 do
 *   nothing (luat_rtc_pc.c:11, 30), so on the PC board the clock stays;
 *   on a module board a valid `set` moves the device clock (its port
 *   writes the RTC that time() reads), so os.time follows.
 * - `timezone` is 32 (UTC+8 in quarter hours) whatever it is given, false
 *   for a non-integer or a value outside -48..48 or not a multiple of 4
 *   (luat_lib_rtc.c:367, luat_rtc_pc.c:34); os.date stays UTC.
 * - `timerStart` reads its table like `set` (no range checks) and fails on
 *   PC (luat_rtc_pc.c:24); `timerStop` succeeds; `setBaseYear` accepts
 *   1900-2050 and raises "invalid base year" outside (luat_lib_rtc.c:339).
 */
import { lauxlib, lua, S, defineModule, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";

/** The table fields set and timerStart read, in the C's order (luat_lib_rtc.c:158). */
const FIELDS = ["year", "mon", "day", "hour", "min", "sec"] as const;
type Fields = Record<(typeof FIELDS)[number], number>;

/** The range checks of is_valid_time_params, in their order; a failure names what it rejects (luat_lib_rtc.c:98). */
function invalidity(t: Fields): string | undefined {
    if (t.year < 1900 || t.year > 2200) return `invalid year: ${t.year}`;
    if (t.mon < 1 || t.mon > 12) return `invalid month: ${t.mon}`;
    const leap = (t.year % 4 === 0 && t.year % 100 !== 0) || t.year % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][t.mon - 1]!;
    if (t.day < 1 || t.day > days) return `invalid day: ${t.year}-${t.mon}-${t.day}`;
    if (t.hour < 0 || t.hour > 23) return `invalid hour: ${t.hour}`;
    if (t.min < 0 || t.min > 59) return `invalid minute: ${t.min}`;
    if (t.sec < 0 || t.sec > 59) return `invalid second: ${t.sec}`;
    return undefined;
}

/** Installs `rtc`. */
export function installRtc(ctx: FirmwareContext): void {
    const warn = (text: string) => ctx.clog(LOG_LEVEL.WARN, "rtc", text);
    // Only a module's port writes the clock; the PC port's setters are empty.
    const setsClock = ctx.board.bsp !== "PC";
    /** The fields of the table at `index`; undefined (after the C's warning) at the first one that is not a number. */
    const fieldsAt = (L: LuaState, index: number): Fields | undefined => {
        const t: Partial<Fields> = {};
        for (const name of FIELDS) {
            lua.lua_getfield(L, index, S(name));
            if (!lua.lua_isnumber(L, -1)) {
                warn(`rtc time miss ${name}`);
                return undefined;
            }
            // luaL_checkinteger on the field: a float without an integer value raises "bad argument #-1".
            t[name] = lauxlib.luaL_checkinteger(L, -1) as number;
        }
        return t as Fields;
    };
    const pushBoolean = (L: LuaState, value: boolean): number => {
        lua.lua_pushboolean(L, value);
        return 1;
    };
    defineModule(ctx.L, "rtc", {
        set: L => {
            if (!lua.lua_istable(L, 1)) {
                if (!lua.lua_isinteger(L, 1)) {
                    warn("rtc time need table or integer");
                    return pushBoolean(L, false);
                }
                const stamp = lua.lua_tointeger(L, 1) as number;
                if (stamp <= 0 || stamp > 0xffffffff) {
                    warn(`rtc time invalid timestamp: ${stamp}`);
                    return pushBoolean(L, false);
                }
                if (setsClock) ctx.setEpochMs(stamp * 1000);
                return pushBoolean(L, true);
            }
            lua.lua_settop(L, 1);
            const t = fieldsAt(L, 1);
            if (t === undefined) return 0;
            const bad = invalidity(t);
            if (bad !== undefined) {
                warn(`rtc time ${bad}`);
                return pushBoolean(L, false);
            }
            if (setsClock) ctx.setEpochMs(Date.UTC(t.year, t.mon - 1, t.day, t.hour, t.min, t.sec));
            return pushBoolean(L, true);
        },
        get: L => {
            const now = new Date(ctx.epochMs());
            const values = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()];
            lua.lua_newtable(L);
            FIELDS.forEach((name, i) => {
                lua.lua_pushinteger(L, values[i]!);
                lua.lua_setfield(L, -2, S(name));
            });
            return 1;
        },
        timerStart: L => {
            lauxlib.luaL_checkinteger(L, 1);
            if (!lua.lua_istable(L, 2)) {
                warn("rtc time need table");
                return 0;
            }
            lua.lua_settop(L, 2);
            if (fieldsAt(L, 2) === undefined) return 0;
            // luat_rtc_timer_start is not implemented on PC: -1.
            return pushBoolean(L, false);
        },
        timerStop: L => {
            lauxlib.luaL_checkinteger(L, 1);
            return pushBoolean(L, true);
        },
        setBaseYear: L => {
            const year = lauxlib.luaL_checkinteger(L, 1) as number;
            if (year < 1900 || year > 2050) {
                warn(`rtc invalid base year: ${year}`);
                return lauxlib.luaL_error(L, S("invalid base year")) as number;
            }
            // Base_year is stored and read by nothing else.
            return 0;
        },
        timezone: L => {
            if (lua.lua_gettop(L) > 0) {
                if (!lua.lua_isinteger(L, 1)) {
                    warn("rtc timezone invalid parameter type");
                    return pushBoolean(L, false);
                }
                const zone = lua.lua_tointeger(L, 1) as number;
                if (zone < -48 || zone > 48 || zone % 4 !== 0) return pushBoolean(L, false);
            }
            // luat_rtc_timezone on PC: 32, set or not.
            lua.lua_pushinteger(L, 32);
            return 1;
        },
    });
}
