/**
 * socket, the 2021 "netclient" (luat_lib_socket.c over luat_netclient_rtt.c):
 * the Lua surface. Objects are userdata of the device's netclient_t size;
 * each start() runs a connection thread (connection-thread.ts) that talks
 * to Lua only through messages on the bus (events.ts). The module functions
 * (tsend, ntpSync, isReady, ip) are in socket-functions.ts.
 */
import { lauxlib, lua, S, bytesOf, setFunctions, textOf, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { ConnectionThread, destroyNetClient, netLog, type NetEnv } from "./connection-thread.js";
import { DescriptorTable } from "./descriptors.js";
import { NETCLIENT_BYTES, NetClientRegistry, updateRecord, type NetClient } from "./netclient.js";
import { Pipe, PipeDevices } from "./pipe.js";
import { installSocketFunctions } from "./socket-functions.js";
import { markFinalizable } from "../../finalizers.js";

export { RECV_CHUNK, DNS_RETRY_MS } from "./connection-thread.js";
export { PIPE_SIZE } from "./pipe.js";
export { NTP_TIMEOUT_MS } from "./socket-functions.js";

const HANDLE = "NETC*";
/** How long a blocked Lua thread (a full pipe before the connect) may wait. */
const BLOCK_LIMIT_MS = 120_000;

/** netclient_start: the pipe (two descriptors), then the thread. 0 when started, 1 when not. */
function start(env: NetEnv, c: NetClient): number {
    const name = PipeDevices.nameFor(c.id);
    if (!env.pipes.create(name)) {
        netLog(env, LOG_LEVEL.ERROR, c, "pipe create failed");
        // pipe_init clears the name: the existing device is never deleted, so later starts fail too.
        c.pipeName = "";
        // Another connection still owns the pipe: the cleanup closes its socket and pipe ends.
        c.thread?.socketClosedByLua();
        destroyNetClient(env, c);
        return 1;
    }
    c.pipeName = name;
    c.pipeReadFd = env.fds.open();
    c.pipeWriteFd = c.pipeReadFd === -1 ? -1 : env.fds.open();
    if (c.pipeWriteFd === -1) {
        // Out of descriptors: pipe_init undoes itself (no log), netclient_start cleans up and fails.
        if (c.pipeReadFd !== -1) env.fds.close(c.pipeReadFd);
        c.pipeReadFd = -1;
        env.pipes.delete(name);
        c.pipeName = "";
        destroyNetClient(env, c);
        return 1;
    }
    c.pipe = new Pipe();
    netLog(env, LOG_LEVEL.INFO, c, "pipe init succeed");
    c.thread = new ConnectionThread(env, c);
    c.thread.start();
    netLog(env, LOG_LEVEL.INFO, c, "start succeed");
    updateRecord(c);
    return 0;
}

/** netclient_close: closesocket, let the thread run for 1 ms, then destroy from the Lua side. */
function close(env: NetEnv, c: NetClient): void {
    netLog(env, LOG_LEVEL.INFO, c, "deinit start");
    if (c.sockFd !== -1 && c.sockFd !== 0) {
        env.fds.close(c.sockFd);
        c.thread?.socketClosedByLua();
    }
    c.thread?.drain();
    destroyNetClient(env, c);
    netLog(env, LOG_LEVEL.INFO, c, "deinit end");
}

/**
 * netclient_send: a write to the pipe; pushes false when there is none. A
 * write that does not fit blocks the Lua thread until the connection thread
 * makes room: before the connect, until the connect ends.
 */
function send(env: NetEnv, c: NetClient, data: Uint8Array, L: LuaState): number {
    const { ctx } = env;
    const pipe = c.pipe;
    const thread = c.thread;
    const result = (L1: LuaState, ok: boolean) => {
        lua.lua_pushboolean(L1, ok);
        return 1;
    };
    if (c.pipeWriteFd === -1 || pipe === undefined || thread === undefined) {
        netLog(env, LOG_LEVEL.WARN, c, "socket is closed!!!");
        return result(L, false);
    }
    if (pipe.fits(data.length)) {
        pipe.write(data);
        thread.pipeWritten();
        return result(L, true);
    }
    const afterWait = (L1: LuaState): number => {
        if (thread.connected) {
            thread.forward(pipe.read(pipe.bytes));
            thread.forward(data);
            return result(L1, true);
        }
        if (thread.failed) {
            // After a failed connect nothing ever reads the pipe again.
            ctx.halt(L1, `so:send of ${data.length} bytes blocks the Lua thread for good: the pipe of netc[${c.id}] is full and its connection failed, nothing drains it`);
            return result(L1, false);
        }
        // The Lua thread could not wait (wall clock, not suspendable here) or waited past the limit: the pipe grows.
        pipe.write(data);
        return result(L1, true);
    };
    if (!thread.connected && !thread.failed && !thread.ended) return ctx.waitInC(L, () => thread.connected || thread.ended, BLOCK_LIMIT_MS, afterWait);
    return afterWait(L);
}

export function installSocket(ctx: FirmwareContext): void {
    const L0 = ctx.L;
    const env: NetEnv = { ctx, fds: new DescriptorTable(), pipes: new PipeDevices() };
    const registry = new NetClientRegistry(ctx.sockets);

    ctx.onEnd(() => {
        // A reboot resets the chip: every connection goes away.
        for (const c of registry.all) c.thread?.abort();
    });

    const check = (L: LuaState): NetClient => (lauxlib.luaL_checkudata(L, 1, S(HANDLE)) as { netc: NetClient }).netc;

    const create = (type: "TCP" | "UDP") => (L: LuaState) => {
        const ud = lua.lua_newuserdata(L, NETCLIENT_BYTES) as { netc: NetClient };
        ud.netc = registry.create(type);
        lauxlib.luaL_setmetatable(L, S(HANDLE));
        // The metatable has __gc (lib_netc): C Lua lists the object for finalization.
        markFinalizable(L, -1);
        return 1;
    };

    const connectMethod = (L: LuaState) => {
        const c = check(L);
        if (lua.lua_gettop(L) < 2) {
            // The C test is hostname[1] != 0: a one-character host counts as none.
            if (!(c.hostname.length >= 2 && c.port > 0)) {
                lua.lua_pushinteger(L, 2);
                return 1;
            }
        } else {
            const host = lauxlib.luaL_checklstring(L, 2) as Uint8Array;
            if (host.length >= 32) {
                lua.lua_pushinteger(L, 1);
                return 1;
            }
            c.hostname = textOf(host);
            c.port = lauxlib.luaL_optinteger(L, 3, 80) as number;
        }
        const re = start(env, c);
        if (re === 0) {
            // luat_lib_socket.c:271: a registry reference to the object, released by nothing (see events.ts).
            lua.lua_settop(L, 1);
            c.selfRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
        }
        updateRecord(c);
        lua.lua_pushinteger(L, re);
        return 1;
    };

    lauxlib.luaL_newmetatable(L0, S(HANDLE));
    lua.lua_pushvalue(L0, -1);
    lua.lua_setfield(L0, -2, S("__index"));
    setFunctions(L0, {
        id: L => {
            lua.lua_pushstring(L, bytesOf(check(L).idStr));
            return 1;
        },
        host: L => {
            const c = check(L);
            if (lua.lua_gettop(L) > 1 && lua.lua_isstring(L, 2)) {
                const host = lua.lua_tolstring(L, 2) as Uint8Array;
                if (host.length >= 64 || host.length === 0) {
                    ctx.clog(LOG_LEVEL.ERROR, "luat.socket", host.length === 0 ? "hostname is emtry!!!!!" : "hostname is too long!!!!!");
                    lua.lua_pushinteger(L, 1);
                    return 1;
                }
                c.hostname = textOf(host);
                updateRecord(c);
            }
            lua.lua_pushstring(L, bytesOf(c.hostname));
            return 1;
        },
        port: L => {
            const c = check(L);
            if (lua.lua_gettop(L) > 1 && lua.lua_isinteger(L, 2)) {
                c.port = lua.lua_tointeger(L, 2) as number;
                updateRecord(c);
            }
            lua.lua_pushinteger(L, c.port);
            return 1;
        },
        connect: connectMethod,
        start: connectMethod,
        close: L => {
            const c = check(L);
            if (c.closed === 0) close(env, c);
            return 0;
        },
        closed: L => {
            const c = check(L);
            lua.lua_pushinteger(L, c.closed);
            lua.lua_pushboolean(L, c.closed === 0);
            return 2;
        },
        send: L => {
            const c = check(L);
            const data = lauxlib.luaL_checklstring(L, 2) as Uint8Array;
            lauxlib.luaL_optinteger(L, 3, 0);
            if (data.length === 0) {
                lua.lua_pushboolean(L, false);
                return 1;
            }
            return send(env, c, data, L);
        },
        clean: L => {
            const c = check(L);
            if (c.closed === 0) close(env, c);
            for (const field of ["cbError", "cbRecv", "cbConnect"] as const) {
                if (c[field] !== 0) {
                    lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c[field]);
                    c[field] = 0;
                }
            }
            c.record.cleaned = true;
            updateRecord(c);
            return 0;
        },
        on: L => {
            const c = check(L);
            if (lua.lua_gettop(L) < 3) return 0;
            if (lua.lua_isstring(L, 2) && lua.lua_isfunction(L, 3)) {
                const name = textOf(lua.lua_tolstring(L, 2) as Uint8Array);
                const field = name === "recv" ? "cbRecv" : name === "connect" ? "cbConnect" : name === "error" ? "cbError" : undefined;
                if (field !== undefined) {
                    // A second registration overwrites the reference without releasing the first (as the C code).
                    lua.lua_pushvalue(L, 3);
                    c[field] = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
                    updateRecord(c);
                }
            }
            return 0;
        },
        rebind: L => {
            const c = check(L);
            c.closed = 0;
            c.sockFd = lauxlib.luaL_checkinteger(L, 2) as number;
            ctx.clog(LOG_LEVEL.WARN, "luat.netc", "netclient_rebind not support yet!!");
            lua.lua_pushboolean(L, false);
            return 1;
        },
        sockid: L => {
            lua.lua_pushinteger(L, check(L).sockFd);
            return 1;
        },
        // netc_gc (luat_lib_socket.c:318): netclient_close whatever the state, then the callbacks' references
        // are released without clearing the fields. A started object is never garbage: the registry keeps it.
        __gc: L => {
            const c = check(L);
            ctx.clog(LOG_LEVEL.INFO, "luat.socket", `netc[${c.id}] __gc trigger`);
            close(env, c);
            for (const field of ["cbError", "cbRecv", "cbConnect"] as const) {
                if (c[field] !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c[field]);
            }
            updateRecord(c);
            return 0;
        },
        __tostring: L => {
            const c = check(L);
            lua.lua_pushstring(L, bytesOf(`netc[${c.id}] ${c.hostname},${c.port},${c.type} ${c.closed ? "Closed" : "Not-Closed"}`));
            return 1;
        },
    });
    lua.lua_pop(L0, 1);

    installSocketFunctions(ctx, { tcp: create("TCP"), udp: create("UDP") }, env);
}
