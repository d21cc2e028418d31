/**
 * The socket module's functions beside the objects (luat_lib_socket.c over
 * luat_socket_rtt.c): tsend, ntpSync, isReady, ip, and the module table.
 */
import { lauxlib, lua, S, bytesOf, textOf, type JsFunction, type LuaState } from "../../lua.js";
import type { Stream } from "../../net/network.js";
import type { FirmwareContext } from "../context.js";
import { defineFlashRotable } from "../flash-rotable.js";
import type { NetEnv } from "./connection-thread.js";

/** netutils' NTP client gives up after this long. */
export const NTP_TIMEOUT_MS = 5000;
/** NETUTILS_NTP_TIMEZONE of the Air640W: the RTC is set to Beijing time. */
export const NTP_TIMEZONE_HOURS = 8;
/** How long tsend may block the Lua thread (the host network gives up connecting sooner). */
const BLOCK_LIMIT_MS = 120_000;

/** publishes NTP_UPDATE through sys_pub with no arguments; rtos.receive returns 0 (socket_ntp_handler). */
function ntpMessage(L: LuaState): number {
    lua.lua_getglobal(L, S("sys_pub"));
    if (!lua.lua_isnil(L, -1)) {
        lua.lua_pushstring(L, S("NTP_UPDATE"));
        lua.lua_call(L, 1, 0);
    } else lua.lua_pop(L, 1);
    lua.lua_pushinteger(L, 0);
    return 1;
}

/**
 * luat_socket_tsend: resolve, socket, connect, send, close, all on the Lua
 * thread, which waits meanwhile (on the wall clock too, see
 * FirmwareContext.waitInC). Failures print console lines; an unresolvable
 * host is a NULL dereference (luat_socket_rtt.c:86) that faults the device,
 * unless no descriptor was left for the socket (checked first).
 */
function tsend(ctx: FirmwareContext, env: NetEnv, L: LuaState): number {
    const data = (lauxlib.luaL_checklstring(L, 3) as Uint8Array).slice();
    const host = textOf(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
    const port = lauxlib.luaL_checkinteger(L, 2) as number;
    let finished = false;
    let unresolved = false;
    /** The Lua thread could not wait (wall clock, Lua not suspendable here): the call goes on in the background. */
    let returned = false;
    const fault = (L1: LuaState) => ctx.halt(L1, `hard fault: socket.tsend("${host}") did not resolve and the firmware dereferenced NULL (luat_socket_rtt.c:86)`, true);
    const finish = () => {
        finished = true;
        ctx.wake();
    };
    ctx.network.resolve(host, address => {
        if (!ctx.alive()) return;
        const fd = env.fds.open();
        if (fd === -1) {
            ctx.write("Socket error\n");
            return finish();
        }
        if (address === undefined) {
            unresolved = true;
            if (returned) fault(ctx.mainThread);
            return finish();
        }
        const connection = ctx.traffic.open("tsend", "TCP", host, port, ctx.clock.now());
        let stream: Stream | undefined;
        let connected = false;
        stream = ctx.network.connectTcp(
            host,
            port,
            {
                onConnect: () => {
                    connected = true;
                    connection.connected = true;
                    connection.sentChunks.push(data);
                    stream?.send(data);
                    stream?.close();
                },
                onData: () => {},
                onClose: reason => {
                    if (!connected) ctx.write("Connect fail!\n");
                    connection.closeReason = reason;
                    connection.closedAt = ctx.clock.now();
                    env.fds.close(fd);
                    finish();
                },
            },
            address,
        );
    });
    return ctx.waitInC(L, () => finished, BLOCK_LIMIT_MS, L1 => {
        if (unresolved) fault(L1);
        returned = !finished;
        return 0;
    });
}

/** ntpSync: a thread that asks the server once, sets the RTC to UTC+8 on success, and always publishes NTP_UPDATE. */
function ntpSync(ctx: FirmwareContext, L: LuaState): number {
    const server = textOf(lauxlib.luaL_optstring(L, 1, S("ntp1.aliyun.com")) as Uint8Array);
    ctx.clock.at(ctx.clock.now(), () => {
        if (!ctx.alive()) return;
        let settled = false;
        const finish = (epochMs: number | undefined, timedOut = false) => {
            if (settled || !ctx.alive()) return;
            settled = true;
            cancelTimeout();
            if (timedOut) ctx.write(`[E/ntp] Receive the socket from server timeout (${NTP_TIMEOUT_MS / 1000}S).\n`);
            if (epochMs !== undefined) ctx.setEpochMs(epochMs + NTP_TIMEZONE_HOURS * 3_600_000);
            ctx.post(ntpMessage);
        };
        const cancelTimeout = ctx.clock.after(NTP_TIMEOUT_MS, () => finish(undefined, true));
        // The network resolves the name itself (a name that does not resolve ends the sync at once).
        ctx.network.ntp(server, epochMs => finish(epochMs));
    });
    lua.lua_pushinteger(L, 0);
    return 1;
}

/** Defines the `socket` module: `objects` are tcp/udp (socket.ts), the rest is here. */
export function installSocketFunctions(ctx: FirmwareContext, objects: { tcp: JsFunction; udp: JsFunction }, env: NetEnv): void {
    defineFlashRotable(ctx.L, "socket", {
        tcp: objects.tcp,
        udp: objects.udp,
        tsend: L => tsend(ctx, env, L),
        ntpSync: L => ntpSync(ctx, L),
        isReady: L => {
            lua.lua_pushboolean(L, ctx.network.isUp());
            return 1;
        },
        ip: L => {
            const ip = ctx.network.isUp() ? ctx.network.ip() : undefined;
            if (ip === undefined) return 0;
            lua.lua_pushstring(L, bytesOf(ip));
            return 1;
        },
    });
}
