/**
 * `socket.sntp(servers?)` of the current firmware (luat_sntp.c): ask each
 * server in turn, NTP_TIMEOUT_MS each; the first answer sets the RTC and
 * publishes `NTP_UPDATE(0)`; when every server failed, `NTP_ERROR()`.
 */
import { lua, S, textOf, type JsFunction } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import type { Halt } from "./os-exit.js";

/** NTP_TIMEOUT_MS of luat_sntp.h: each server gets this long. */
export const SNTP_TIMEOUT_MS = 2000;
/** The servers asked when none is given. */
const SNTP_SERVERS = ["ntp.aliyun.com", "ntp.ntsc.ac.cn"];

/** The `socket.sntp` function: a server name, a list of them, or nothing (the defaults). */
export function socketSntp(ctx: FirmwareContext, halt: Halt): JsFunction {
    const publish = (topic: string, withZero: boolean) =>
        ctx.post(L => {
            if (lua.lua_getglobal(L, S("sys_pub")) === lua.LUA_TFUNCTION) {
                lua.lua_pushstring(L, S(topic));
                if (withZero) lua.lua_pushinteger(L, 0);
                lua.lua_call(L, withZero ? 2 : 1, 0);
            } else lua.lua_pop(L, 1);
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    const sync = (servers: string[]) => {
        const attempt = (index: number) => {
            if (!ctx.alive() || halt.halted) return;
            const server = servers[index];
            if (server === undefined) return publish("NTP_ERROR", false);
            let settled = false;
            const finish = (epochMs: number | undefined) => {
                if (settled || !ctx.alive()) return;
                settled = true;
                cancel();
                if (epochMs === undefined) return attempt(index + 1);
                ctx.setEpochMs(epochMs);
                publish("NTP_UPDATE", true);
            };
            const cancel = ctx.clock.after(SNTP_TIMEOUT_MS, () => finish(undefined));
            ctx.network.ntp(server, finish);
        };
        ctx.clock.at(ctx.clock.now(), () => attempt(0));
    };
    return L => {
        const servers: string[] = [];
        if (lua.lua_istable(L, 1)) {
            for (let i = 1; lua.lua_rawgeti(L, 1, i) === lua.LUA_TSTRING; i += 1) {
                servers.push(textOf(lua.lua_tolstring(L, -1) as Uint8Array));
                lua.lua_pop(L, 1);
            }
            lua.lua_pop(L, 1);
        } else if (lua.lua_isstring(L, 1)) servers.push(textOf(lua.lua_tolstring(L, 1) as Uint8Array));
        sync(servers.length > 0 ? servers : SNTP_SERVERS);
        return 0;
    };
}
