/**
 * socket, the 2021 "netclient" (luat_lib_socket.c over luat_netclient_rtt.c):
 * each started object runs a connection thread (DNS with one retry 2 s
 * later, connect, then a select loop), talks to Lua only through messages on
 * the bus, and calls the Lua callbacks from inside rtos.receive on the main
 * thread. The C log lines of that code are reproduced at their levels.
 */
import { lauxlib, lua, S, bytesOf, concatBytes, defineModule, setFunctions, textOf, type LuaState } from "../../lua.js";
import type { CloseReason, Stream } from "../../net/network.js";
import type { Connection } from "../../traffic.js";
import { LOG_LEVEL, type FirmwareContext, type SocketRecord } from "../context.js";

const HANDLE = "NETC*";
/** The select loop's receive buffer (BUFF_SIZE): one recv event carries at most this much. */
export const RECV_CHUNK = 1024;
/** The RT-Thread pipe between `so:send` and the connection thread. */
export const PIPE_SIZE = 512;
/** netutils' NTP client gives up after this long. */
export const NTP_TIMEOUT_MS = 5000;
/** DNS retry delay of socket_init. */
export const DNS_RETRY_MS = 2000;
/** How long a blocked Lua thread (tsend, a full pipe) may wait in virtual time. */
const BLOCK_LIMIT_MS = 120_000;

const EVENT = { CONNECT_OK: 1, CONNECT_FAIL: 2, RECV: 4, ERROR: 7, END: 9 } as const;

interface NetClient {
    id: number;
    idStr: string;
    hostname: string;
    port: number;
    type: "TCP" | "UDP";
    /** The C field: 0 until close or the thread ends. */
    closed: number;
    sockFd: number;
    /** The pipe's buffered bytes; undefined when there is no pipe (write fd -1). */
    pipe: Uint8Array[] | undefined;
    pipeBytes: number;
    cbRecv: number;
    cbConnect: number;
    cbError: number;
    selfRef: number;
    started: boolean;
    connected: boolean;
    ended: boolean;
    stream: Stream | undefined;
    connection: Connection | undefined;
    record: SocketRecord;
}

export function installSocket(ctx: FirmwareContext): void {
    const L0 = ctx.L;
    let seq = 1;
    const usedFds = new Set<number>();
    const info = (c: NetClient, text: string) => ctx.clog(LOG_LEVEL.INFO, "luat.netc", `netc[${c.id}] ${text}`);
    const warn = (c: NetClient, text: string) => ctx.clog(LOG_LEVEL.WARN, "luat.netc", `netc[${c.id}] ${text}`);

    const nextId = () => {
        if (seq > 0xffff00) seq = 0xff;
        return seq++;
    };
    const allocFd = () => {
        let fd = 0;
        while (usedFds.has(fd)) fd += 1;
        usedFds.add(fd);
        return fd;
    };

    const updateRecord = (c: NetClient) => {
        const r = c.record;
        r.host = c.hostname;
        r.port = c.port;
        r.closed = c.closed !== 0;
        r.started = c.started;
        r.callbacks = [c.cbConnect ? "connect" : "", c.cbRecv ? "recv" : "", c.cbError ? "error" : ""].filter(Boolean);
    };

    // ---- messages: run inside rtos.receive (luat_lib_netc_msg_handler) ----
    const message = (c: NetClient, event: number, ref: number, data?: Uint8Array) => (L: LuaState) => {
        if (event === EVENT.END) {
            lua.lua_getglobal(L, S("sys_pub"));
            if (lua.lua_isfunction(L, -1)) {
                lua.lua_pushstring(L, S(`NETC_END_${c.id.toString(16)}`));
                lua.lua_call(L, 1, 0);
            } else lua.lua_pop(L, 1);
            if (ref !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, ref);
            c.selfRef = 0;
            return 0;
        }
        ctx.clog(LOG_LEVEL.DEBUG, "luat.socket", `netc[${c.id}] event=${event} lua_ref=${ref}`);
        if (lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref) !== lua.LUA_TFUNCTION) {
            lua.lua_pop(L, 1);
            ctx.clog(LOG_LEVEL.WARN, "luat.socket", `netc[${c.id}] callback isn't a function`);
            return 0;
        }
        lua.lua_pushinteger(L, c.id);
        if (event === EVENT.CONNECT_OK || event === EVENT.CONNECT_FAIL) {
            lua.lua_pushinteger(L, event === EVENT.CONNECT_OK ? 1 : 0);
            lua.lua_call(L, 2, 0);
        } else if (event === EVENT.RECV) {
            lua.lua_pushlstring(L, data!, data!.length);
            lua.lua_call(L, 2, 0);
        } else lua.lua_call(L, 1, 0);
        return 0;
    };

    /** EVENT(): logs, then posts unless the event has no callback (END always goes). */
    const emit = (c: NetClient, event: number, ref: number, data?: Uint8Array) => {
        if (!ctx.alive()) return;
        info(c, `event type=${event}`);
        if (event !== EVENT.END && ref === 0) return;
        ctx.post(message(c, event, ref, data));
    };

    // ---- the connection thread ----
    const releaseSocket = (c: NetClient) => {
        if (c.sockFd !== -1) {
            usedFds.delete(c.sockFd);
            c.sockFd = -1;
            info(c, "socket close succeed");
        }
    };
    const destroy = (c: NetClient) => {
        info(c, "destory begin");
        if (c.sockFd !== -1) releaseSocket(c);
        if (c.pipe !== undefined) {
            c.pipe = undefined;
            c.pipeBytes = 0;
            info(c, "pipe close succeed");
        }
        info(c, "destory end");
        c.closed = 1;
        updateRecord(c);
    };
    const threadEnd = (c: NetClient) => {
        if (c.ended) return;
        c.ended = true;
        c.closed = 1;
        if (c.sockFd !== -1) {
            usedFds.delete(c.sockFd);
            c.sockFd = -1;
        }
        c.pipe = undefined;
        if (c.connection !== undefined && c.connection.closedAt === undefined) c.connection.closedAt = ctx.clock.now();
        updateRecord(c);
        emit(c, EVENT.END, c.selfRef);
        warn(c, "thread end");
    };
    const connectFailed = (c: NetClient, reason: string) => {
        if (c.connection !== undefined) {
            c.connection.closeReason = reason;
            c.connection.closedAt = ctx.clock.now();
        }
        warn(c, "connect fail");
        emit(c, EVENT.CONNECT_FAIL, c.cbConnect);
        threadEnd(c);
    };
    const selectExit = (c: NetClient) => {
        info(c, "select loop exit, cleanup");
        destroy(c);
        threadEnd(c);
    };

    const forward = (c: NetClient, data: Uint8Array, piece: number) => {
        for (let offset = 0; offset < data.length; offset += piece) {
            const chunk = data.slice(offset, Math.min(offset + piece, data.length));
            c.connection?.sentChunks.push(chunk);
            c.stream?.send(chunk);
        }
    };

    const connect = (c: NetClient, address: string) => {
        if (c.closed !== 0) {
            ctx.clog(LOG_LEVEL.ERROR, "luat.netc", `netc[${c.id}] connect failed`);
            connectFailed(c, "local-close");
            return;
        }
        c.connection = ctx.traffic.open(c.idStr, c.type, c.hostname, c.port, ctx.clock.now());
        const handlers = {
            onConnect: () => {
                if (!ctx.alive() || c.ended) return;
                if (c.closed !== 0) return; // closed locally meanwhile: onClose follows
                c.connected = true;
                c.connection!.connected = true;
                info(c, "connect succeed");
                info(c, "connect ok");
                emit(c, EVENT.CONNECT_OK, c.cbConnect);
                // The select loop drains what Lua wrote to the pipe before the connect.
                if (c.pipe !== undefined && c.pipeBytes > 0) {
                    const buffered = concatBytes(c.pipe.splice(0));
                    c.pipeBytes = 0;
                    forward(c, buffered, RECV_CHUNK);
                }
            },
            onData: (data: Uint8Array) => {
                if (!ctx.alive() || c.ended || !c.connected || c.closed !== 0) return;
                const pieces: Uint8Array[] = [];
                if (c.type === "UDP") pieces.push(data.slice(0, RECV_CHUNK));
                else for (let offset = 0; offset < data.length; offset += RECV_CHUNK) pieces.push(data.slice(offset, offset + RECV_CHUNK));
                for (const piece of pieces) {
                    if (piece.length === 0) continue;
                    c.connection!.receivedChunks.push(piece);
                    info(c, `data recv len=${piece.length}`);
                    emit(c, EVENT.RECV, c.cbRecv, piece);
                }
            },
            onClose: (reason: CloseReason) => {
                if (!ctx.alive() || c.ended) return;
                c.stream = undefined;
                if (c.connection!.closeReason === undefined) c.connection!.closeReason = reason;
                c.connection!.closedAt = ctx.clock.now();
                if (!c.connected) {
                    ctx.clog(LOG_LEVEL.ERROR, "luat.netc", `netc[${c.id}] connect failed`);
                    connectFailed(c, reason);
                } else if (reason === "local-close" || c.closed !== 0) {
                    info(c, "select result=-1, goto cleanup");
                    selectExit(c);
                } else {
                    info(c, `recv return error=${reason === "peer-close" ? 0 : -1}`);
                    emit(c, EVENT.ERROR, c.cbError);
                    selectExit(c);
                }
            },
        };
        // The name resolved here (with the firmware's retry); the network gets the name too, so faults aimed at it apply.
        void address;
        c.stream = c.type === "TCP" ? ctx.network.connectTcp(c.hostname, c.port, handlers) : ctx.network.openUdp(c.hostname, c.port, handlers);
    };

    const thread = (c: NetClient) => {
        if (!ctx.alive()) return;
        if (c.closed !== 0) {
            threadEnd(c);
            return;
        }
        c.sockFd = allocFd();
        ctx.network.resolve(c.hostname, address => {
            if (!ctx.alive() || c.ended) return;
            if (address !== undefined) return connect(c, address);
            warn(c, `dns name relove fail, retry at ${DNS_RETRY_MS}ms`);
            ctx.clock.after(DNS_RETRY_MS, () => {
                if (!ctx.alive() || c.ended) return;
                ctx.network.resolve(c.hostname, again => {
                    if (!ctx.alive() || c.ended) return;
                    if (again !== undefined) return connect(c, again);
                    warn(c, "dns name relove fail again, quit");
                    c.connection = ctx.traffic.open(c.idStr, c.type, c.hostname, c.port, ctx.clock.now());
                    connectFailed(c, "dns");
                });
            });
        });
    };

    const start = (c: NetClient): number => {
        if (c.started) {
            // The pipe device "p<id>" exists or the object already ran: the firmware cannot restart it.
            if (c.pipe !== undefined) ctx.clog(LOG_LEVEL.ERROR, "luat.netc", `netc[${c.id}] pipe create failed`);
            return 1;
        }
        c.started = true;
        c.pipe = [];
        c.pipeBytes = 0;
        info(c, "pipe init succeed");
        ctx.clock.at(ctx.clock.now(), () => thread(c));
        info(c, "start succeed");
        updateRecord(c);
        return 0;
    };

    const close = (c: NetClient) => {
        info(c, "deinit start");
        const stream = c.stream;
        destroy(c);
        info(c, "deinit end");
        if (stream !== undefined) stream.close(); // onClose("local-close") ends the thread
    };

    const send = (c: NetClient, data: Uint8Array): boolean => {
        if (c.pipe === undefined) {
            warn(c, "socket is closed!!!");
            return false;
        }
        if (c.connected) {
            // The pipe holds PIPE_SIZE bytes: a long write reaches the socket in pipe-sized reads.
            forward(c, data, PIPE_SIZE);
            return true;
        }
        if (c.pipeBytes + data.length > PIPE_SIZE) {
            // The device's write blocks until the connection thread drains the pipe.
            const blocked = ctx.block(() => c.connected || c.ended || c.pipe === undefined, BLOCK_LIMIT_MS);
            if (blocked) {
                if (c.pipe === undefined || !c.connected) return false;
                forward(c, data, PIPE_SIZE);
                return true;
            }
        }
        c.pipe.push(data.slice());
        c.pipeBytes += data.length;
        return true;
    };

    ctx.onEnd(() => {
        // A reboot resets the chip: every connection goes away.
        for (const record of clients) {
            record.ended = true;
            record.stream?.close();
            record.stream = undefined;
        }
    });
    const clients: NetClient[] = [];

    // ---- Lua surface ----
    const check = (L: LuaState): NetClient => (lauxlib.luaL_checkudata(L, 1, S(HANDLE)) as { netc: NetClient }).netc;

    const create = (type: "TCP" | "UDP") => (L: LuaState) => {
        const ud = lua.lua_newuserdata(L, 0) as { netc: NetClient };
        const id = nextId();
        const record: SocketRecord = { id: id.toString(16), host: "_", port: 0, protocol: type, started: false, closed: false, cleaned: false, callbacks: [] };
        const c: NetClient = {
            id,
            idStr: id.toString(16),
            hostname: "_",
            port: 0,
            type,
            closed: 0,
            sockFd: -1,
            pipe: undefined,
            pipeBytes: 0,
            cbRecv: 0,
            cbConnect: 0,
            cbError: 0,
            selfRef: 0,
            started: false,
            connected: false,
            ended: false,
            stream: undefined,
            connection: undefined,
            record,
        };
        ud.netc = c;
        clients.push(c);
        ctx.sockets.push(record);
        lauxlib.luaL_setmetatable(L, S(HANDLE));
        return 1;
    };

    lauxlib.luaL_newmetatable(L0, S(HANDLE));
    lua.lua_pushvalue(L0, -1);
    lua.lua_setfield(L0, -2, S("__index"));
    const connectMethod = (L: LuaState) => {
        const c = check(L);
        if (lua.lua_gettop(L) < 2) {
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
        const re = start(c);
        if (re === 0) {
            lua.lua_settop(L, 1);
            c.selfRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
        }
        updateRecord(c);
        lua.lua_pushinteger(L, re);
        return 1;
    };
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
            if (c.closed === 0) close(c);
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
            lua.lua_pushboolean(L, data.length > 0 ? send(c, data) : false);
            return 1;
        },
        clean: L => {
            const c = check(L);
            if (c.closed === 0) close(c);
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
        __tostring: L => {
            const c = check(L);
            lua.lua_pushstring(L, bytesOf(`netc[${c.id}] ${c.hostname},${c.port},${c.type} ${c.closed ? "Closed" : "Not-Closed"}`));
            return 1;
        },
    });
    lua.lua_pop(L0, 1);

    defineModule(L0, "socket", {
        tcp: create("TCP"),
        udp: create("UDP"),
        tsend: L => {
            const data = (lauxlib.luaL_checklstring(L, 3) as Uint8Array).slice();
            const host = textOf(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            const port = lauxlib.luaL_checkinteger(L, 2) as number;
            let finished = false;
            ctx.network.resolve(host, address => {
                if (!ctx.alive() || address === undefined) {
                    finished = true;
                    return;
                }
                const connection = ctx.traffic.open("tsend", "TCP", host, port, ctx.clock.now());
                let stream: Stream | undefined;
                stream = ctx.network.connectTcp(address, port, {
                    onConnect: () => {
                        connection.connected = true;
                        connection.sentChunks.push(data);
                        stream?.send(data);
                        stream?.close();
                    },
                    onData: () => {},
                    onClose: reason => {
                        connection.closeReason = reason;
                        connection.closedAt = ctx.clock.now();
                        finished = true;
                    },
                });
            });
            // Blocking on the device: the Lua thread waits for connect, send and close.
            ctx.block(() => finished, BLOCK_LIMIT_MS);
            return 0;
        },
        ntpSync: L => {
            const server = textOf(lauxlib.luaL_optstring(L, 1, S("ntp1.aliyun.com")) as Uint8Array);
            ctx.clock.at(ctx.clock.now(), () => {
                if (!ctx.alive()) return;
                let settled = false;
                const finish = (epochMs: number | undefined) => {
                    if (settled || !ctx.alive()) return;
                    settled = true;
                    cancelTimeout();
                    if (epochMs !== undefined) ctx.setEpochMs(epochMs);
                    ctx.post(L1 => {
                        lua.lua_getglobal(L1, S("sys_pub"));
                        if (!lua.lua_isnil(L1, -1)) {
                            lua.lua_pushstring(L1, S("NTP_UPDATE"));
                            lua.lua_call(L1, 1, 0);
                        } else lua.lua_pop(L1, 1);
                        lua.lua_pushinteger(L1, 0);
                        return 1;
                    });
                };
                const cancelTimeout = ctx.clock.after(NTP_TIMEOUT_MS, () => finish(undefined));
                ctx.network.ntp(server, finish);
            });
            lua.lua_pushinteger(L, 0);
            return 1;
        },
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
