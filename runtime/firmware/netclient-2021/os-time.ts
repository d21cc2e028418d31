/**
 * os.time / os.date / os.clock on the device clock: the RTC starts at the
 * board's epoch (1970 plus uptime, an RT-Thread soft RTC) and ntpSync sets
 * it. Dates are UTC, independent of the host's time zone.
 */
import { lauxlib, lua, S, bytesOf, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO 8601 week number and week-based year of a UTC date. */
function isoWeek(date: Date): { week: number; year: number } {
    const day = (date.getUTCDay() + 6) % 7; // Monday 0
    const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3));
    const year = thursday.getUTCFullYear();
    const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
    return { week, year };
}

/** C strftime in the "C" locale, on UTC fields. Unknown conversions are an error, as in Lua 5.3. */
export function strftimeUtc(format: string, date: Date): string | { bad: string } {
    let out = "";
    for (let i = 0; i < format.length; i += 1) {
        const ch = format[i]!;
        if (ch !== "%") {
            out += ch;
            continue;
        }
        let spec = format[++i];
        // C99 modifiers: %E and %O before some conversions mean the plain conversion in the "C" locale.
        if ((spec === "E" && format[i + 1] !== undefined && "cCxXyY".includes(format[i + 1]!)) || (spec === "O" && format[i + 1] !== undefined && "deHImMSuUVwWy".includes(format[i + 1]!))) spec = format[++i];
        const dayOfYear = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
        const h12 = date.getUTCHours() % 12 === 0 ? 12 : date.getUTCHours() % 12;
        const fields: Record<string, () => string> = {
            a: () => DAYS[date.getUTCDay()]!.slice(0, 3),
            A: () => DAYS[date.getUTCDay()]!,
            b: () => MONTHS[date.getUTCMonth()]!.slice(0, 3),
            h: () => MONTHS[date.getUTCMonth()]!.slice(0, 3),
            B: () => MONTHS[date.getUTCMonth()]!,
            c: () => `${fields.a!()} ${fields.b!()} ${String(date.getUTCDate()).padStart(2, " ")} ${fields.X!()} ${date.getUTCFullYear()}`,
            d: () => pad(date.getUTCDate()),
            e: () => String(date.getUTCDate()).padStart(2, " "),
            D: () => `${fields.m!()}/${fields.d!()}/${fields.y!()}`,
            F: () => `${date.getUTCFullYear()}-${fields.m!()}-${fields.d!()}`,
            H: () => pad(date.getUTCHours()),
            I: () => pad(h12),
            j: () => pad(dayOfYear, 3),
            m: () => pad(date.getUTCMonth() + 1),
            M: () => pad(date.getUTCMinutes()),
            n: () => "\n",
            p: () => (date.getUTCHours() < 12 ? "AM" : "PM"),
            S: () => pad(date.getUTCSeconds()),
            t: () => "\t",
            T: () => fields.X!(),
            w: () => String(date.getUTCDay()),
            x: () => fields.D!(),
            X: () => `${fields.H!()}:${fields.M!()}:${fields.S!()}`,
            y: () => pad(date.getUTCFullYear() % 100),
            Y: () => String(date.getUTCFullYear()),
            Z: () => "GMT",
            C: () => pad(Math.floor(date.getUTCFullYear() / 100)),
            u: () => String(date.getUTCDay() === 0 ? 7 : date.getUTCDay()),
            U: () => pad(Math.floor((dayOfYear - 1 + 7 - date.getUTCDay()) / 7)),
            W: () => pad(Math.floor((dayOfYear - 1 + 7 - ((date.getUTCDay() + 6) % 7)) / 7)),
            V: () => pad(isoWeek(date).week),
            g: () => pad(isoWeek(date).year % 100),
            G: () => String(isoWeek(date).year),
            r: () => `${fields.I!()}:${fields.M!()}:${fields.S!()} ${fields.p!()}`,
            R: () => `${fields.H!()}:${fields.M!()}`,
            z: () => "+0000",
            "%": () => "%",
        };
        const field = spec === undefined ? undefined : fields[spec];
        if (field === undefined) return { bad: `%${spec ?? ""}` };
        out += field();
    }
    return out;
}

export function installOsTime(ctx: FirmwareContext): void {
    const L0 = ctx.L;
    lua.lua_getglobal(L0, S("os"));
    // The VM's own os.date (for "*t"), a host function: kept on the host, not in a registry reference (it would
    // shift the numbers luaL_ref hands the firmware) nor an upvalue (the library becomes a rotable of bare functions).
    lua.lua_getfield(L0, -1, S("date"));
    const originalDate = lua.lua_tocfunction(L0, -1) as (L: LuaState) => number;
    lua.lua_pop(L0, 1);
    const seconds = () => Math.floor(ctx.epochMs() / 1000);

    const field = (L: LuaState, name: string, fallback?: number): number => {
        lua.lua_getfield(L, 1, S(name));
        const isNumber = lua.lua_isinteger(L, -1) || lua.lua_isnumber(L, -1);
        const value = isNumber ? Math.floor(lua.lua_tonumber(L, -1) as number) : undefined;
        lua.lua_pop(L, 1);
        if (value !== undefined) return value;
        if (fallback === undefined) return lauxlib.luaL_error(L, S(`field '${name}' missing in date table`)) as never;
        return fallback;
    };

    const fns: Record<string, (L: LuaState) => number> = {
        time: L => {
            if (lua.lua_isnoneornil(L, 1)) {
                lua.lua_pushinteger(L, seconds());
                return 1;
            }
            lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
            // Fields are read in the C code's order, so a missing one is reported as Lua 5.3 does.
            const sec = field(L, "sec", 0);
            const min = field(L, "min", 0);
            const hour = field(L, "hour", 12);
            const day = field(L, "day");
            const month = field(L, "month");
            const year = field(L, "year");
            const ms = Date.UTC(year, month - 1, day, hour, min, sec);
            lua.lua_pushinteger(L, Math.floor(ms / 1000));
            return 1;
        },
        date: L => {
            let format: string = lua.lua_isnoneornil(L, 1) ? "%c" : textOf(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            const t = lua.lua_isnoneornil(L, 2) ? seconds() : (lauxlib.luaL_checkinteger(L, 2) as number);
            if (format.startsWith("!")) format = format.slice(1);
            if (format.startsWith("*t")) {
                // fengari builds the table itself (UTC with "!").
                lua.lua_pushcfunction(L, originalDate);
                lua.lua_pushstring(L, S("!*t"));
                lua.lua_pushinteger(L, t);
                lua.lua_call(L, 2, 1);
                // Lua 5.3's os.date sets isdst (false: the device has no time zone rules).
                lua.lua_pushboolean(L, false);
                lua.lua_setfield(L, -2, S("isdst"));
                return 1;
            }
            const text = strftimeUtc(format, new Date(t * 1000));
            // An argument error pcall catches (the specifier is a %s argument of the message, never its format).
            if (typeof text !== "string") return lauxlib.luaL_argerror(L, 1, bytesOf(`invalid conversion specifier '${text.bad}'`)) as number;
            lua.lua_pushstring(L, bytesOf(text));
            return 1;
        },
        clock: L => {
            lua.lua_pushnumber(L, ctx.clock.now() / 1000);
            return 1;
        },
    };
    for (const [name, fn] of Object.entries(fns)) {
        lua.lua_pushcfunction(L0, fn);
        lua.lua_setfield(L0, -2, S(name));
    }
    // Nothing on a device may end or reach outside the host process (remove and rename work on the device's own files: lua-io.ts).
    for (const name of ["exit", "execute", "getenv", "tmpname", "setlocale"]) {
        lua.lua_pushnil(L0);
        lua.lua_setfield(L0, -2, S(name));
    }
    lua.lua_pop(L0, 1);
}
