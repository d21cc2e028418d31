/**
 * socket, the current network API (luat_lib_socket.c over the generic
 * network_ctrl state machine of luat_network_adapter.c), on the simulator's
 * {@link Network}. The adapter is modelled on the PC build's POSIX adapter:
 * one adapter index (17, ETH0, by default), 32 ctrls, socket ids handed out
 * round robin, TX_OK right after a send.
 *
 * Events travel in two bus messages, as on the device: the adapter's event
 * (connect ok, data, tx done, close, error, DNS result) is posted first and
 * runs the ctrl's state machine on the Lua thread; a result for Lua is then
 * posted again and only that second message calls the callback, sends to the
 * task (`sys_send`) or publishes `NWCTRL*`. So other Lua code runs between a
 * state change and its callback, and callbacks can arrive for a ctrl that was
 * closed meanwhile.
 *
 * Quirks kept (with the C lines they come from):
 * - the event Lua sees is chosen by what the ctrl waits for, not by what
 *   happened (luat_network_adapter.c:1084): a failed connect or DNS lookup
 *   is ON_LINE -1, a peer close while idle is EVENT -1, while a tx waits it
 *   is TX_OK -1; unread data reports EVENT 0 whenever a state function has
 *   nothing else to say (:1068);
 * - a ctrl without `socket.config` is UDP (network_init_ctrl zeroes is_tcp);
 * - `socket.connect` succeeds as `true, false`; the outcome is ON_LINE;
 *   a failed connect keeps the socket id, so connecting again needs
 *   `socket.close` first (:2181); `socket.close` does not reset the state;
 * - `socket.tx` of 0 bytes returns success but no TX_OK ever comes; a failed
 *   tx returns `false, true, false` (the C second value is uninitialised;
 *   the PC build showed true); one TX_OK covers several quick tx;
 * - `socket.rx` returns `false, 0` on error, `socket.read` a single `false`;
 *   UDP rx/read give the peer as 5 binary bytes `"\0" .. ipv4` and the port;
 * - after `socket.release` every function taking the ctrl returns nothing.
 *
 * Server sockets (socket.listen, socket.accept) are in server-socket.ts.
 *
 * Not emulated: TLS/DTLS, IPv6, several DNS answers, link-up events (a ctrl
 * connects or listens only while the network is up), the client ctrl's
 * local port binding.
 */
import { lauxlib, lua, S, bytesOf, concatBytes, defineModule, textOf, type JsFunction, type LuaState } from "../../lua.js";
import type { CloseReason, Stream } from "../../net/network.js";
import type { Connection } from "../../traffic.js";
import { LOG_LEVEL, type FirmwareContext, type SocketRecord } from "../context.js";
import type { Halt } from "./os-exit.js";
import { checkZbuff, resizeZbuff } from "./zbuff.js";
import { ADAPTER, ADAPTER_COUNT, EVENT_ID, MAX_SOCKETS, NWCTRL, RESULT_BASE, STATE, STATE_NAMES, WAIT, connectErrno, isIpv4, recordClose } from "./socket-constants.js";
import { socketSntp } from "./socket-sntp.js";
import { serverFunctions, shutdownServer, type ServerCtrl, type ServerHost } from "./server-socket.js";

export { ADAPTER, EVENT_ID, MAX_SOCKETS, NWCTRL, STATE } from "./socket-constants.js";

/** Options of the simulated network adapter. */
export interface AdapterOptions {
    /** The adapter index the network registers as (17 on the PC build, 1 on cellular modules). */
    index: number;
}

/** An adapter-level event (EV_NW_SOCKET_*, EV_NW_DNS_RESULT). */
type LowEvent =
    | { kind: "dns"; address: string | undefined }
    | { kind: "listening" }
    | { kind: "connect-ok" }
    | { kind: "rx" }
    | { kind: "tx-ok"; bytes: number }
    | { kind: "close-ok" }
    | { kind: "remote-close" }
    | { kind: "error" };

/** A ctrl (luat_network_ctrl_t): what the server side uses (server-socket.ts) and the rest. */
interface Ctrl extends ServerCtrl {
    newRx: boolean;
    host: string;
    port: number;
    dnsIps: string[];
    txSize: number;
    ackSize: number;
    /** UDP: the sender of each datagram in `rx` (TCP: `rx` holds byte chunks, UDP one entry per datagram). */
    rxPeers: Peer[];
    /** UDP: the sender of the datagram read last (what rx/read report). */
    lastPeer: Peer | undefined;
    /** UDP sends to another peer than the connected one. */
    side: Map<string, Stream>;
    cbRef: number;
    taskName: Uint8Array | undefined;
    record: SocketRecord;
    /**
     * The ctrl's tag in the C sense (ctrl->tag): the adapter's tag of the
     * last socket made for it. Unlike `tag` (which changes at every new
     * socket, so adapter events of an older one are dropped) it does not
     * change on close, so a server event already on the bus still reaches a
     * closed ctrl, as in network_default_socket_callback (luat_network_adapter.c:1122).
     */
    socketTag: number;
}

interface Peer {
    ip: string;
    port: number;
}

interface CtrlUserdata {
    ctrl: Ctrl;
}

/** An IPv4 address given as the in-memory u32 (first octet in the low byte). */
const ipv4OfInteger = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join(".");
/** The binary peer address of rx/read for UDP: "\0" + 4 bytes. */
const binaryIpv4 = (ip: string) => Uint8Array.from([0, ...ip.split(".").map(Number)]);

/**
 * The adapter's socket ids and log lines, for the firmware's other network
 * clients (http) that open their own ctrls on the same adapter: their
 * sockets take ids from the same round robin as socket.create's.
 */
export interface SocketAdapter {
    /** The registered adapter's index. */
    readonly index: number;
    /** A free socket id, or -1 (logged) when all are taken. */
    allocSocket(): number;
    /** Give a socket id back. */
    freeSocket(id: number): void;
    /** The POSIX adapter's lines for a lookup's result and a connect attempt. */
    logDns(host: string, address: string | undefined): void;
    logConnect(id: number, address: string, port: number): void;
    /** The line of a TCP connect that failed (not logged for a failed lookup). */
    logConnectFailed(id: number, reason: CloseReason): void;
    /**
     * Connects socket `id` to `host:port` over TCP as the adapter does: a
     * name is resolved first (its result logged), then the attempt is logged,
     * and a connect that fails before it is up. Events come only while
     * `current()` holds (the client still wants this socket).
     */
    dial(id: number, host: string, port: number, current: () => boolean, events: DialEvents): void;
}

/** What {@link SocketAdapter.dial} reports. */
export interface DialEvents {
    /** The stream, once the address is known (at once for an IPv4 address). */
    stream(stream: Stream): void;
    connected(): void;
    data(data: Uint8Array): void;
    /** The stream ended: before it was up (`wasConnected` false) or after. */
    closed(reason: CloseReason, wasConnected: boolean): void;
    /** The name did not resolve. */
    unresolved(): void;
}

export function installSocket(ctx: FirmwareContext, halt: Halt, options: AdapterOptions): SocketAdapter {
    const L0 = ctx.L;
    let defaultAdapter = options.index;
    const ctrls: Ctrl[] = [];
    const usedIds = new Set<number>();
    let nextId = 0;
    let nextTag = 1;
    /** socket_tag_counter of the POSIX adapter (luat_network_adapter_posix.c:155). */
    let nextSocketTag = 0xfafb;
    const clog = (level: number, tag: string, text: string) => ctx.clog(level, tag, text);

    const ready = (index: number) => index === options.index && ctx.network.isUp();
    const logDns = (host: string, address: string | undefined) =>
        clog(LOG_LEVEL.INFO, "posix_net", address === undefined ? `dns query failed for ${host}` : `dns result ip ${address}`);
    const logConnect = (id: number, address: string, port: number, protocol = "TCP") =>
        clog(LOG_LEVEL.INFO, "posix_net", `socket[${id}] connect to ${address}:${port} ${protocol}`);
    const logConnectFailed = (id: number, reason: CloseReason) => {
        if (reason !== "dns") clog(LOG_LEVEL.ERROR, "posix_net", `socket[${id}] connect failed err=${connectErrno(reason)}`);
    };

    const allocSocket = (): number => {
        for (let k = 0; k < MAX_SOCKETS; k += 1) {
            const id = (nextId + k) % MAX_SOCKETS;
            if (!usedIds.has(id)) {
                usedIds.add(id);
                nextId = (id + 1) % MAX_SOCKETS;
                return id;
            }
        }
        return -1;
    };

    const updateRecord = (c: Ctrl) => {
        c.record.host = c.host;
        c.record.port = c.port;
        c.record.protocol = c.isTcp ? "TCP" : "UDP";
        c.record.started = c.socketId >= 0 || c.state !== STATE.LINK_OFF;
        c.record.closed = c.socketId < 0;
        c.record.cleaned = c.released;
        c.record.callbacks = c.cbRef !== 0 ? ["callback"] : c.taskName !== undefined ? [`task:${textOf(c.taskName)}`] : [];
    };

    /** network_force_close_socket: the socket goes, the ctrl's state stays. */
    const forceClose = (c: Ctrl) => {
        c.tag = nextTag++;
        c.server?.stop();
        c.server = undefined;
        if (c.socketId >= 0) c.link = "closed";
        const stream = c.stream;
        c.stream = undefined;
        stream?.close();
        for (const side of c.side.values()) side.close();
        c.side.clear();
        if (c.connection !== undefined && c.connection.closedAt === undefined) {
            c.connection.closedAt = ctx.clock.now();
            c.connection.closeReason ??= "local-close";
        }
        if (c.socketId >= 0) usedIds.delete(c.socketId);
        c.socketId = -1;
        c.needClose = false;
        c.newRx = false;
        c.rx = [];
        c.rxPeers = [];
        c.dnsIps = [];
        c.wait = WAIT.NONE;
        updateRecord(c);
    };
    halt.onHalt.push(() => ctrls.forEach(forceClose));
    ctx.onEnd(() => {
        for (const c of ctrls) {
            c.tag = -1;
            c.server?.stop();
            c.stream?.close();
            for (const side of c.side.values()) side.close();
        }
    });

    // ---- second message: l_socket_callback ----
    const report = (c: Ctrl, event: number, param: number) => {
        ctx.post(L => {
            if (!c.released) {
                if (c.cbRef !== 0) {
                    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, c.cbRef);
                    if (lua.lua_isfunction(L, -1)) {
                        lua.lua_pushlightuserdata(L, c);
                        lua.lua_pushinteger(L, event);
                        lua.lua_pushinteger(L, param);
                        // With a continuation only so that os.exit inside a callback can stop Lua there.
                        lua.lua_callk(L, 3, 0, 0, finishCallback);
                    } else lua.lua_pop(L, 1);
                } else if (c.taskName !== undefined) {
                    callGlobal(L, "sys_send", [c.taskName, event, param]);
                } else {
                    callGlobal(L, "sys_pub", [S(NWCTRL), c.adapter, c.socketId, event, param]);
                }
            }
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    };
    const finishCallback = (L: LuaState) => {
        lua.lua_pushinteger(L, 0);
        return 1;
    };
    const callGlobal = (L: LuaState, name: string, args: (Uint8Array | number)[]) => {
        if (lua.lua_getglobal(L, S(name)) !== lua.LUA_TFUNCTION) {
            lua.lua_pop(L, 1);
            return;
        }
        for (const arg of args) {
            if (typeof arg === "number") lua.lua_pushinteger(L, arg);
            else lua.lua_pushlstring(L, arg, arg.length);
        }
        lua.lua_callk(L, args.length, 0, 0, finishCallback);
    };

    // ---- first message: the adapter event runs the state machine ----
    const post = (c: Ctrl, tag: number, event: LowEvent) => {
        if (!ctx.alive() || halt.halted) return;
        ctx.post(L => {
            if (!c.released && c.tag === tag) machine(c, event);
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    };

    /** The state functions (network_state_*): >0 nothing to report, 0 success, <0 failure. */
    const step = (c: Ctrl, e: LowEvent): number => {
        switch (c.state) {
            case STATE.WAIT_DNS:
                if (c.needClose || c.wait !== WAIT.ON_LINE) return -1;
                if (e.kind === "error") return -1;
                if (e.kind !== "dns") return 1;
                if (e.address === undefined) return -1;
                c.dnsIps = [e.address];
                c.state = STATE.CONNECTING;
                c.link = "connecting";
                openStream(c);
                if (!c.isTcp) c.link = "connected";
                return 1;
            case STATE.CONNECTING:
                if (c.needClose || c.wait !== WAIT.ON_LINE) return -1;
                if (e.kind === "error" || e.kind === "remote-close" || e.kind === "close-ok") return -1;
                if (e.kind === "listening") {
                    if (c.server !== undefined) c.state = STATE.LISTEN;
                    return 1;
                }
                if (e.kind !== "connect-ok") return 1;
                c.state = STATE.ONLINE;
                return 0;
            case STATE.ONLINE:
                if (c.needClose || c.wait === WAIT.OFF_LINE) return -1;
                if (e.kind === "error" || e.kind === "remote-close" || e.kind === "close-ok") {
                    c.needClose = true;
                    return -1;
                }
                if (e.kind === "tx-ok") {
                    c.ackSize += e.bytes;
                    return c.wait === WAIT.TX_OK && c.ackSize === c.txSize ? 0 : 1;
                }
                if (e.kind === "rx") {
                    c.newRx = true;
                    return c.wait !== WAIT.TX_OK ? 0 : 1;
                }
                return 1;
            case STATE.LISTEN:
                // network_state_listen: the one client of a no_accept adapter makes the ctrl ONLINE.
                if (c.needClose || c.wait === WAIT.OFF_LINE) return -1;
                if (e.kind === "error" || e.kind === "remote-close" || e.kind === "close-ok") {
                    c.needClose = true;
                    return -1;
                }
                if (e.kind !== "connect-ok") return 1;
                c.state = STATE.ONLINE;
                return 0;
            case STATE.DISCONNECTING:
                if (c.wait !== WAIT.OFF_LINE) return -1;
                if (e.kind === "error" || e.kind === "remote-close" || e.kind === "close-ok") {
                    forceClose(c);
                    c.state = STATE.OFF_LINE;
                    return 0;
                }
                return 1;
            default:
                return 1;
        }
    };

    const machine = (c: Ctrl, e: LowEvent) => {
        // A graceful close that completes clears the wait target (force close): it is still reported as CLOSED.
        const closing = c.state === STATE.DISCONNECTING && c.wait === WAIT.OFF_LINE;
        const result = step(c, e);
        if (result > 0) {
            if (c.newRx) report(c, EVENT_ID.EVENT, 0);
            return;
        }
        const event = closing && c.wait === WAIT.NONE ? EVENT_ID.CLOSED : RESULT_BASE + (c.wait !== WAIT.NONE ? c.wait : WAIT.EVENT);
        if (c.state !== STATE.LISTEN || result < 0) c.wait = WAIT.NONE;
        updateRecord(c);
        report(c, event, result < 0 ? -1 : 0);
    };

    const openStream = (c: Ctrl) => {
        const tag = c.tag;
        c.connection = ctx.traffic.open(`${c.socketId}`, c.isTcp ? "TCP" : "UDP", c.host, c.port, ctx.clock.now());
        const connection = c.connection;
        let connected = false;
        logConnect(c.socketId, c.dnsIps[0] ?? c.host, c.port, c.isTcp ? "TCP" : "UDP");
        const handlers = {
            onConnect: () => {
                if (c.tag !== tag || !ctx.alive()) return;
                connected = true;
                c.link = "connected";
                connection.connected = true;
                post(c, tag, { kind: "connect-ok" });
            },
            onData: (data: Uint8Array) => {
                if (c.tag !== tag || !ctx.alive()) return;
                // The adapter's reader thread buffers at once; the event follows on the bus.
                connection.receivedChunks.push(data.slice());
                c.rx.push(data.slice());
                c.rxPeers.push({ ip: c.dnsIps[0] ?? c.host, port: c.port });
                post(c, tag, { kind: "rx" });
            },
            onClose: (reason: CloseReason) => {
                recordClose(connection, reason, ctx.clock.now());
                if (c.tag !== tag || !ctx.alive()) return;
                c.stream = undefined;
                c.link = connected && reason === "peer-close" ? "closing" : "closed";
                if (!connected) {
                    if (c.isTcp) logConnectFailed(c.socketId, reason);
                    post(c, tag, { kind: "error" });
                }
                else if (reason === "local-close") post(c, tag, { kind: "close-ok" });
                else if (reason === "peer-close") post(c, tag, { kind: "remote-close" });
                else post(c, tag, { kind: "error" });
            },
        };
        // The name was resolved above; the network gets it too, so faults aimed at the name apply.
        c.stream = c.isTcp ? ctx.network.connectTcp(c.host, c.port, handlers) : ctx.network.openUdp(c.host, c.port, handlers);
    };

    /** network_connect: returns <0 (already has a socket), 1 (in progress). */
    const connect = (c: Ctrl, host: string, port: number): number => {
        if (c.socketId >= 0) return -1;
        const id = allocSocket();
        if (id < 0) {
            clog(LOG_LEVEL.ERROR, "posix_net", "没有空闲的socket可创建了");
            return -1;
        }
        c.socketId = id;
        c.tag = nextTag++;
        c.socketTag = nextSocketTag++;
        c.host = host;
        c.port = port;
        // network_connect keeps the target as remote_ip / remote_port (what socket.accept would report).
        c.remote = { ip: isIpv4(host) ? host : c.remote.ip, port };
        c.link = isIpv4(host) ? "connecting" : "used";
        c.txSize = 0;
        c.ackSize = 0;
        c.needClose = false;
        c.newRx = false;
        c.rx = [];
        c.rxPeers = [];
        c.dnsIps = [];
        c.wait = WAIT.ON_LINE;
        if (isIpv4(host)) {
            c.state = STATE.CONNECTING;
            openStream(c);
            if (!c.isTcp) c.link = "connected";
        } else {
            c.state = STATE.WAIT_DNS;
            const tag = c.tag;
            ctx.network.resolve(host, address => {
                if (!ctx.alive()) return;
                logDns(host, address);
                post(c, tag, { kind: "dns", address });
            });
        }
        updateRecord(c);
        return 1;
    };

    const pending = (c: Ctrl): number => (c.isTcp ? c.rx.reduce((n, chunk) => n + chunk.length, 0) : (c.rx[0]?.length ?? 0));

    /** network_rx's receive: up to `limit` bytes (TCP) or one datagram cut to `limit` (UDP, the rest is dropped). */
    const receive = (c: Ctrl, limit: number): Uint8Array => {
        c.newRx = false;
        if (!c.isTcp) {
            const datagram = c.rx.shift() ?? new Uint8Array(0);
            c.lastPeer = c.rxPeers.shift() ?? c.lastPeer;
            return datagram.slice(0, limit);
        }
        const all = concatBytes(c.rx);
        const taken = all.slice(0, limit);
        c.rx = taken.length < all.length ? [all.slice(taken.length)] : [];
        return taken;
    };

    const rxFails = (c: Ctrl) => (c.needClose && !c.newRx) || c.socketId < 0 || c.state !== STATE.ONLINE;

    // ---- Lua surface ----
    /** l_get_ctrl: the NWCTRL* userdata, or the light userdata a callback received. */
    const ctrlAt = (L: LuaState): Ctrl | undefined => {
        const ud = lauxlib.luaL_testudata(L, 1, S(NWCTRL)) as CtrlUserdata | null;
        if (ud !== null) return ud.ctrl;
        if (lua.lua_islightuserdata(L, 1)) {
            const p = lua.lua_touserdata(L, 1) as unknown;
            return ctrls.includes(p as Ctrl) ? (p as Ctrl) : undefined;
        }
        return undefined;
    };
    /** L_CTRL_CHECK: a released (or unknown) ctrl makes the function return nothing. */
    const withCtrl =
        (fn: (L: LuaState, c: Ctrl) => number): JsFunction =>
        L => {
            const c = ctrlAt(L);
            if (c === undefined || c.released) return 0;
            return fn(L, c);
        };
    const pushBooleans = (L: LuaState, ...values: boolean[]) => {
        for (const v of values) lua.lua_pushboolean(L, v);
        return values.length;
    };

    const release = (L: LuaState, c: Ctrl) => {
        forceClose(c);
        c.released = true;
        if (c.cbRef !== 0) {
            lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c.cbRef);
            c.cbRef = 0;
        }
        c.taskName = undefined;
        const index = ctrls.indexOf(c);
        if (index >= 0) ctrls.splice(index, 1);
        updateRecord(c);
    };

    lauxlib.luaL_newmetatable(L0, S(NWCTRL));
    lua.lua_pushcfunction(
        L0,
        withCtrl((L, c) => {
            release(L, c);
            return 0;
        }),
    );
    lua.lua_setfield(L0, -2, S("__gc"));
    lua.lua_pop(L0, 1);

    const serverHost: ServerHost<Ctrl> = {
        ctx,
        ready: c => ready(c.adapter),
        allocSocket,
        newSocket: c => {
            c.tag = nextTag++;
            c.socketTag = nextSocketTag++;
        },
        forceClose,
        post: (c, event) => {
            // Matched by the C tag: a closed ctrl still hears it until it gets a new socket.
            if (!ctx.alive() || halt.halted) return;
            const socketTag = c.socketTag;
            ctx.post(L => {
                if (!c.released && c.socketTag === socketTag) machine(c, event);
                lua.lua_pushinteger(L, 0);
                return 1;
            });
        },
        updateRecord,
        ctrlAt,
    };

    const functions: Record<string, JsFunction> = {
        ...serverFunctions(serverHost),
        create: L => {
            const adapter = lauxlib.luaL_optinteger(L, 1, defaultAdapter) as number;
            if (adapter < 0 || adapter >= ADAPTER_COUNT) {
                lua.lua_pushnil(L);
                return 1;
            }
            // network_alloc_ctrl: only the registered adapter has ctrls.
            if (adapter !== options.index || ctrls.length >= MAX_SOCKETS) {
                clog(LOG_LEVEL.DEBUG, "socket", "create fail");
                lua.lua_pushnil(L);
                return 1;
            }
            const ud = lua.lua_newuserdata(L, 0) as CtrlUserdata;
            const record: SocketRecord = { id: "", host: "", port: 0, protocol: "UDP", started: false, closed: true, cleaned: false, callbacks: [] };
            const c: Ctrl = {
                adapter,
                released: false,
                isTcp: false,
                state: STATE.LINK_OFF,
                wait: WAIT.NONE,
                needClose: false,
                newRx: false,
                socketId: -1,
                tag: nextTag++,
                host: "",
                port: 0,
                dnsIps: [],
                txSize: 0,
                ackSize: 0,
                rx: [],
                rxPeers: [],
                lastPeer: undefined,
                stream: undefined,
                side: new Map(),
                connection: undefined,
                cbRef: 0,
                taskName: undefined,
                record,
                localPort: 0,
                link: "idle",
                remote: { ip: "0.0.0.0", port: 0 },
                server: undefined,
                socketTag: 0,
            };
            record.id = `ctrl${ctx.sockets.length + 1}`;
            if (lua.lua_isfunction(L, 2)) {
                lua.lua_pushvalue(L, 2);
                c.cbRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
            } else if (lua.lua_isstring(L, 2)) c.taskName = (lua.lua_tolstring(L, 2) as Uint8Array).slice();
            ud.ctrl = c;
            ctrls.push(c);
            ctx.sockets.push(record);
            updateRecord(c);
            lauxlib.luaL_setmetatable(L, S(NWCTRL));
            return 1;
        },
        debug: withCtrl(() => 0),
        config: withCtrl((L, c) => {
            c.localPort = (lauxlib.luaL_optinteger(L, 2, 0) as number) & 0xffff;
            c.isTcp = !(lua.lua_isboolean(L, 3) && lua.lua_toboolean(L, 3));
            if (lua.lua_isboolean(L, 4) && lua.lua_toboolean(L, 4)) {
                ctx.write("[sim] socket.config: TLS is not emulated by the simulator\n");
                return pushBooleans(L, false);
            }
            updateRecord(c);
            return pushBooleans(L, true);
        }),
        linkup: withCtrl((L, c) => pushBooleans(L, true, ready(c.adapter))),
        connect: withCtrl((L, c) => {
            let host: string;
            if (lua.lua_isinteger(L, 2)) host = ipv4OfInteger(lua.lua_tointeger(L, 2) as number);
            else host = textOf(lauxlib.luaL_checklstring(L, 2) as Uint8Array);
            const port = (lauxlib.luaL_checkinteger(L, 3) as number) & 0xffff;
            clog(LOG_LEVEL.DEBUG, "socket", `connect to ${host},${port}`);
            const result = connect(c, host, port);
            return pushBooleans(L, result >= 0, result === 0);
        }),
        discon: withCtrl((L, c) => {
            c.needClose = false;
            c.newRx = false;
            if (c.socketId < 0) {
                c.state = STATE.OFF_LINE;
                c.wait = WAIT.NONE;
                updateRecord(c);
                return pushBooleans(L, true, true);
            }
            const old = c.state;
            if (old === STATE.ONLINE && c.isTcp && shutdownServer(c)) {
                // A server's adapter socket shuts down: CLOSE_OK only if a client was connected (server-socket.ts).
                return pushBooleans(L, true, false);
            }
            c.state = STATE.DISCONNECTING;
            c.wait = WAIT.OFF_LINE;
            if (old === STATE.ONLINE && c.isTcp && c.stream !== undefined) {
                // Graceful: the adapter's close completes with CLOSE_OK, which reports CLOSED 0.
                c.stream.close();
                return pushBooleans(L, true, false);
            }
            forceClose(c);
            c.state = STATE.OFF_LINE;
            return pushBooleans(L, true, true);
        }),
        close: withCtrl((_L, c) => {
            forceClose(c);
            return 0;
        }),
        release: withCtrl((L, c) => {
            release(L, c);
            return 0;
        }),
        tx: withCtrl((L, c) => {
            let data: Uint8Array;
            if (lua.lua_isstring(L, 2)) data = (lua.lua_tolstring(L, 2) as Uint8Array).slice();
            else {
                const buff = checkZbuff(L, 2);
                data = buff.addr.slice(0, buff.used);
            }
            let target: string | undefined;
            if (lua.lua_isinteger(L, 3)) target = ipv4OfInteger(lua.lua_tointeger(L, 3) as number);
            else if (lua.lua_isstring(L, 3)) {
                // ipaddr_aton: only an address counts; a name leaves the connected peer.
                const text = textOf(lua.lua_tolstring(L, 3) as Uint8Array);
                if (isIpv4(text)) target = text;
            }
            const targetPort = lauxlib.luaL_optinteger(L, 4, 0) as number;
            if (c.needClose || c.socketId < 0 || c.state !== STATE.ONLINE || c.stream === undefined) {
                return pushBooleans(L, false, true, false);
            }
            c.wait = WAIT.TX_OK;
            c.txSize += data.length;
            // The PC adapter ignores empty sends: nothing goes out and no TX_OK comes.
            if (data.length > 0) {
                let stream = c.stream;
                if (!c.isTcp && target !== undefined && (target !== (c.dnsIps[0] ?? c.host) || (targetPort !== 0 && targetPort !== c.port))) {
                    stream = sideStream(c, target, targetPort || c.port);
                }
                c.connection?.sentChunks.push(data);
                stream.send(data);
                post(c, c.tag, { kind: "tx-ok", bytes: data.length });
            }
            return pushBooleans(L, true, false, false);
        }),
        rx: withCtrl((L, c) => {
            if (rxFails(c)) {
                lua.lua_pushboolean(L, false);
                lua.lua_pushinteger(L, 0);
                return 2;
            }
            let total = pending(c);
            if (total === 0 || !lua.lua_isuserdata(L, 2)) {
                lua.lua_pushboolean(L, true);
                lua.lua_pushinteger(L, total);
                return 2;
            }
            const buff = checkZbuff(L, 2);
            if ((lua.lua_gettop(L) as number) >= 4 && lua.lua_isinteger(L, 4)) {
                const limit = (lua.lua_tointeger(L, 4) as number) >>> 0;
                if (total > limit) {
                    clog(LOG_LEVEL.DEBUG, "socket", `待数据数据长度 ${total} 限制读取长度 ${limit}`);
                    total = limit;
                }
            }
            if (buff.len - buff.used < total) resizeZbuff(buff, total + buff.used);
            const data = receive(c, total);
            if (data.length === 0) {
                lua.lua_pushboolean(L, true);
                lua.lua_pushinteger(L, 0);
                return 2;
            }
            buff.addr.set(data, buff.used);
            buff.used += data.length;
            lua.lua_pushboolean(L, true);
            lua.lua_pushinteger(L, data.length);
            pushPeer(L, c);
            return 4;
        }),
        read: withCtrl((L, c) => {
            if (rxFails(c)) return pushBooleans(L, false);
            let total = pending(c);
            if (total === 0) {
                lua.lua_pushboolean(L, true);
                lua.lua_pushstring(L, S(""));
                return 2;
            }
            if ((lua.lua_gettop(L) as number) >= 2 && lua.lua_isinteger(L, 2)) {
                const limit = lua.lua_tointeger(L, 2) as number;
                if (limit > 0 && total > limit) {
                    clog(LOG_LEVEL.DEBUG, "socket", `待数据数据长度 ${total} 限制读取长度 ${limit}`);
                    total = limit;
                }
            }
            const data = receive(c, total);
            lua.lua_pushboolean(L, true);
            lua.lua_pushlstring(L, data, data.length);
            if (c.isTcp) return 2;
            pushPeer(L, c);
            return 4;
        }),
        wait: withCtrl((L, c) => {
            if (c.newRx) {
                c.wait = WAIT.EVENT;
                return pushBooleans(L, true, true);
            }
            if (c.needClose || c.socketId < 0 || c.state !== STATE.ONLINE) return pushBooleans(L, false, false);
            c.wait = WAIT.EVENT;
            return pushBooleans(L, true, false);
        }),
        state: withCtrl((L, c) => {
            lua.lua_pushinteger(L, c.state);
            lua.lua_pushstring(L, bytesOf(STATE_NAMES[c.state] ?? "未知"));
            return 2;
        }),
        adapter: L => {
            const index = lauxlib.luaL_optinteger(L, 1, -1) as number;
            if (index > 0 && index < ADAPTER_COUNT) {
                lua.lua_pushboolean(L, ready(index));
                lua.lua_pushinteger(L, index);
                return 2;
            }
            for (let i = 1; i < ADAPTER_COUNT; i += 1) {
                if (ready(i)) {
                    lua.lua_pushboolean(L, true);
                    lua.lua_pushinteger(L, i);
                    return 2;
                }
            }
            lua.lua_pushboolean(L, false);
            lua.lua_pushinteger(L, ADAPTER_COUNT - 1);
            return 2;
        },
        dft: L => {
            if (lua.lua_type(L, 1) === lua.LUA_TNUMBER) {
                const index = (lauxlib.luaL_checkinteger(L, 1) as number) & 0xff;
                if (index < ADAPTER_COUNT) defaultAdapter = index;
            }
            lua.lua_pushinteger(L, defaultAdapter);
            lua.lua_pushinteger(L, options.index);
            return 2;
        },
        localIP: L => {
            const index = lauxlib.luaL_optinteger(L, 1, defaultAdapter) as number;
            const ip = ready(index) ? ctx.network.ip() : undefined;
            if (ip === undefined) return 0;
            const octets = ip.split(".").map(Number);
            lua.lua_pushstring(L, bytesOf(ip));
            lua.lua_pushstring(L, S("255.255.255.0"));
            // The PC adapter reports a made-up gateway: the address with its lowest bit set.
            lua.lua_pushstring(L, bytesOf([...octets.slice(0, 3), octets[3]! | 1].join(".")));
            lua.lua_pushnil(L);
            return 4;
        },
        remoteIP: L => {
            const c = ctrlAt(L);
            const ips = c === undefined || c.released ? [] : c.dnsIps.slice(0, 4);
            for (let i = 0; i < 4; i += 1) {
                if (ips[i] !== undefined) lua.lua_pushstring(L, bytesOf(ips[i]!));
                else lua.lua_pushnil(L);
            }
            return 4;
        },
        setDNS: L => {
            lua.lua_pushboolean(L, true);
            return 1;
        },
        sslLog: () => 0,
        sntp: socketSntp(ctx, halt),
    };

    const pushPeer = (L: LuaState, c: Ctrl) => {
        if (c.isTcp) {
            lua.lua_pushnil(L);
            lua.lua_pushnil(L);
            return;
        }
        const peer = c.lastPeer ?? { ip: c.dnsIps[0] ?? c.host, port: c.port };
        const bytes = binaryIpv4(isIpv4(peer.ip) ? peer.ip : "0.0.0.0");
        lua.lua_pushlstring(L, bytes, bytes.length);
        lua.lua_pushinteger(L, peer.port);
    };

    const sideStream = (c: Ctrl, host: string, port: number): Stream => {
        const key = `${host}:${port}`;
        let stream = c.side.get(key);
        if (stream === undefined) {
            const tag = c.tag;
            stream = ctx.network.openUdp(host, port, {
                onConnect: () => {},
                onData: data => {
                    if (c.tag !== tag || !ctx.alive()) return;
                    c.rx.push(data.slice());
                    c.rxPeers.push({ ip: host, port });
                    post(c, tag, { kind: "rx" });
                },
                onClose: () => {},
            });
            c.side.set(key, stream);
        }
        return stream;
    };

    const integers: Record<string, number> = { ...ADAPTER, ...EVENT_ID };
    defineModule(L0, "socket", functions, integers);
    return {
        index: options.index,
        allocSocket: () => {
            const id = allocSocket();
            if (id < 0) clog(LOG_LEVEL.ERROR, "posix_net", "没有空闲的socket可创建了");
            return id;
        },
        freeSocket: id => usedIds.delete(id),
        logDns,
        logConnect,
        logConnectFailed,
        dial: (id, host, port, current, events) => {
            const start = (address: string) => {
                logConnect(id, address, port);
                let connected = false;
                const stream = ctx.network.connectTcp(
                    host,
                    port,
                    {
                        onConnect: () => {
                            if (!current()) return;
                            connected = true;
                            events.connected();
                        },
                        onData: data => {
                            if (current()) events.data(data);
                        },
                        onClose: reason => {
                            if (!current()) return;
                            if (!connected) logConnectFailed(id, reason);
                            events.closed(reason, connected);
                        },
                    },
                    address,
                );
                events.stream(stream);
            };
            if (isIpv4(host)) start(host);
            else
                ctx.network.resolve(host, address => {
                    if (!ctx.alive() || !current()) return;
                    logDns(host, address);
                    if (address === undefined) events.unresolved();
                    else start(address);
                });
        },
    };
}
