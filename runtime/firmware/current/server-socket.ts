/**
 * The server side of the current socket module: `socket.listen` and
 * `socket.accept` (luat_lib_socket.c:993, :1036) over network_listen
 * (luat_network_adapter.c:2271) and the PC build's POSIX adapter, whose
 * facts the simulator follows on every board:
 *
 * - the adapter has `no_accept` (luat_network_adapter_posix.c:1218): a
 *   listening ctrl serves one client itself; `socket.listen(ctrl, n)` with
 *   n > 0 fails, and `socket.accept` never makes a new ctrl: it returns
 *   `true, nil, ip, port`, the client's address once one is connected
 *   (posix_socket_accept, :859), whatever callback or task name it is given;
 * - `socket.listen` binds the port given to `socket.config` (0: any port)
 *   on every address, with a backlog of one (:833), and answers
 *   `true, false`; the ctrl goes CONNECTING, then LISTEN when the adapter's
 *   listen event is handled, and reports ON_LINE 0 when a client connects
 *   (network_state_listen, luat_network_adapter.c:965): from there it is an
 *   ONLINE ctrl like a client's (tx, rx, EVENT, TX_OK);
 * - when that client leaves, the ctrl reports EVENT -1 and is dead for Lua,
 *   while the adapter goes back to listening (tcp_accept_thread, :394) and
 *   drops the unread bytes: the next client is connected at the TCP level
 *   but only shows as another EVENT -1. Serving a new client takes
 *   `socket.close(ctrl)` and `socket.listen(ctrl)` again;
 * - `socket.listen` on a ctrl that listens answers `true, true`; on a ctrl
 *   that owns a socket otherwise (online, or dead after its client left),
 *   `false, false` with "listen fail -1 adapter A port P"; a port already
 *   bound fails the same way after "bind port P failed";
 * - `socket.discon` of an ONLINE server answers `true, false` and reports
 *   CLOSED 0, whether its client is still connected (both close) or left;
 *   of a listening one without a client yet, `true, true` and no event;
 * - a ctrl without `socket.config` (UDP) listens and accepts a TCP client
 *   too: its data raises EVENT 0 but `rx`/`read` find nothing (the adapter
 *   reads the UDP queue), while `tx` reaches the client;
 * - a released ctrl makes `socket.accept` crash the firmware (it reads the
 *   freed ctrl); here it returns nothing, as the other functions do.
 */
import { lua, S, type JsFunction, type LuaState } from "../../lua.js";
import type { IncomingConnection, Listening, Stream } from "../../net/network.js";
import type { Connection } from "../../traffic.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { STATE, WAIT } from "./socket-constants.js";

/** The POSIX adapter's socket states (luat_network_adapter_posix.c:96) and the names its logs print. */
export const LINK_STATE_NAMES = {
    idle: "空闲",
    used: "已占用",
    connecting: "连接中",
    connected: "已连接",
    closing: "关闭中",
    closed: "已关闭",
    listening: "监听中",
} as const;
export type LinkState = keyof typeof LINK_STATE_NAMES;

/** Connections the kernel completes while the one client is served (listen(fd, 1): backlog + 1). */
const BACKLOG = 2;

/** What the server side needs of a ctrl (socket.ts's Ctrl). */
export interface ServerCtrl {
    adapter: number;
    released: boolean;
    isTcp: boolean;
    state: number;
    wait: number;
    needClose: boolean;
    socketId: number;
    /** Changes at every new socket: adapter events of an older one are dropped (the tag check). */
    tag: number;
    /** The port given to socket.config (0: automatic); a server listens on it. */
    localPort: number;
    /** What the adapter's socket is doing (the accept log prints it). */
    link: LinkState;
    /** The address `socket.accept` reports (the ctrl's remote_ip / remote_port). */
    remote: { ip: string; port: number };
    rx: Uint8Array[];
    rxPeers: { ip: string; port: number }[];
    stream: Stream | undefined;
    connection: Connection | undefined;
    server: ListeningSocket | undefined;
}

/** Adapter events the server side posts (a subset of socket.ts's). */
export type ServerEvent = { kind: "listening" } | { kind: "connect-ok" } | { kind: "rx" } | { kind: "remote-close" } | { kind: "close-ok" } | { kind: "error" };

/** What socket.ts lends the server side. */
export interface ServerHost<C extends ServerCtrl> {
    ctx: FirmwareContext;
    /** The adapter's network is up (network_check_ready). */
    ready(c: C): boolean;
    /** A free socket id of the adapter, or -1. */
    allocSocket(): number;
    /** Tag the ctrl's new socket (events of older ones are dropped). */
    newSocket(c: C): void;
    /** network_force_close_socket. */
    forceClose(c: C): void;
    /** Post an adapter event for the ctrl's current socket. */
    post(c: C, event: ServerEvent): void;
    updateRecord(c: C): void;
    /** l_get_ctrl on argument 1; undefined when it is no ctrl. */
    ctrlAt(L: LuaState): C | undefined;
}

/**
 * One listening socket of the adapter: the accept thread's work. It takes
 * one client at a time, holds up to {@link BACKLOG} more, and goes back to
 * listening when its client leaves.
 */
export class ListeningSocket {
    private listening: Listening | undefined;
    private active: { incoming: IncomingConnection; stream: Stream } | undefined;
    private readonly backlog: IncomingConnection[] = [];
    private stopped = false;
    /** io_running: cleared for good when the first client's read loop ends (luat_network_adapter_posix.c:341). */
    private ioRunning = true;

    constructor(
        private readonly c: ServerCtrl,
        private readonly tag: number,
        private readonly host: ServerHost<ServerCtrl>,
    ) {}

    /** Bind and listen; false when the network knows at once that the port is taken. */
    start(port: number): boolean {
        this.listening = this.host.ctx.network.listenOnDevice(port, {
            onConnection: incoming => this.arrived(incoming),
            onError: () => {
                if (this.stopped || this.c.tag !== this.tag) return;
                this.stop();
                this.c.link = "closed";
                this.host.post(this.c, { kind: "error" });
            },
        });
        return this.listening !== undefined;
    }

    /** The client being served, if any. */
    get client(): { ip: string; port: number } | undefined {
        return this.active?.incoming.remote;
    }

    /**
     * The device shuts the socket down (socket.discon of an ONLINE server):
     * with a client, its connection closes and the read loop reports
     * CLOSE_OK; without one (it left), close_socket_internal reports CLOSE_OK
     * itself, since the ended read loop cleared io_running
     * (luat_network_adapter_posix.c:341, :619).
     */
    shutdown(): void {
        const active = this.active;
        this.stopListening();
        if (active !== undefined) {
            active.stream.close();
            return;
        }
        this.c.link = "closed";
        this.host.post(this.c, { kind: "close-ok" });
    }

    /**
     * Everything goes (socket.close, release, VM end). Once a client has
     * come and gone, close_socket_internal posts CLOSE_OK for the socket
     * (io_running is clear; :619): a ctrl that gets no new socket before
     * it is handled hears it as EVENT -1.
     */
    stop(): void {
        const stale = !this.stopped && !this.ioRunning;
        this.stopListening();
        const active = this.active;
        this.active = undefined;
        active?.stream.close();
        if (stale) this.host.post(this.c, { kind: "close-ok" });
    }

    private stopListening(): void {
        this.stopped = true;
        this.listening?.close();
        this.listening = undefined;
        for (const waiting of this.backlog.splice(0)) waiting.reject();
    }

    private arrived(incoming: IncomingConnection): void {
        const { c, host } = this;
        if (this.stopped || c.tag !== this.tag || !host.ctx.alive()) return incoming.reject();
        if (this.active === undefined) return this.take(incoming);
        if (this.backlog.length < BACKLOG) this.backlog.push(incoming);
        else incoming.reject();
    }

    private take(incoming: IncomingConnection): void {
        const { c, host, tag } = this;
        const { ctx } = host;
        const connection = ctx.traffic.open(`${c.socketId}`, "TCP", incoming.remote.ip, incoming.remote.port, ctx.clock.now());
        connection.connected = true;
        c.connection = connection;
        c.link = "connected";
        ctx.clog(LOG_LEVEL.INFO, "posix_net", `socket[${c.socketId}] 收到新的客户端连接`);
        const stream = incoming.take({
            onData: data => {
                if (c.tag !== tag || !ctx.alive()) return;
                connection.receivedChunks.push(data.slice());
                // A ctrl left UDP (no socket.config, or is_udp) still accepts TCP; the adapter buffers the
                // bytes for TCP but reads the UDP queue, so Lua never gets them (seen on luatos-pc).
                if (c.isTcp) {
                    c.rx.push(data.slice());
                    c.rxPeers.push(incoming.remote);
                }
                host.post(c, { kind: "rx" });
            },
            onClose: reason => {
                if (connection.closedAt === undefined) {
                    connection.closedAt = ctx.clock.now();
                    connection.closeReason = reason;
                }
                if (c.tag !== tag || !ctx.alive() || this.active?.stream !== stream) return;
                this.active = undefined;
                this.ioRunning = false;
                if (c.stream === stream) c.stream = undefined;
                if (this.stopped) {
                    // The device shut it down (socket.discon): the read loop ends with CLOSE_OK.
                    c.link = "closed";
                    host.post(c, { kind: "close-ok" });
                    return;
                }
                // The client left: REMOTE_CLOSE, the unread bytes are freed, and the thread accepts again.
                host.post(c, { kind: "remote-close" });
                c.rx = [];
                c.rxPeers = [];
                c.link = "listening";
                const next = this.backlog.shift();
                if (next !== undefined) this.take(next);
            },
        });
        this.active = { incoming, stream };
        c.stream = stream;
        host.post(c, { kind: "connect-ok" });
    }
}

/** `socket.listen` and `socket.accept` for socket.ts's ctrls. */
export function serverFunctions<C extends ServerCtrl>(host: ServerHost<C>): Record<string, JsFunction> {
    const { ctx } = host;
    const clog = (level: number, tag: string, text: string) => ctx.clog(level, tag, text);
    const pushBooleans = (L: LuaState, a: boolean, b: boolean) => {
        lua.lua_pushboolean(L, a);
        lua.lua_pushboolean(L, b);
        return 2;
    };
    const listenFail = (c: C) => clog(LOG_LEVEL.ERROR, "socket", `listen fail -1 adapter ${c.adapter} port ${c.localPort}`);
    /** Ports the device's own ctrls listen on: a second bind fails at once, on either network. */
    const bound = new Map<number, C>();
    const portTaken = (c: C) => {
        const owner = bound.get(c.localPort);
        return owner !== undefined && owner !== c && owner.server !== undefined && !owner.released;
    };

    const listen = (L: LuaState, c: C): number => {
        if (lua.lua_isinteger(L, 2) && (lua.lua_tointeger(L, 2) as number) > 0) {
            clog(LOG_LEVEL.ERROR, "socket", "目标适配器不支持1对多客户端连接模式");
            return pushBooleans(L, false, false);
        }
        // network_listen: already listening is success at once (no_accept adapters).
        if (c.state === STATE.LISTEN) return pushBooleans(L, true, true);
        if (c.socketId >= 0) {
            listenFail(c);
            return pushBooleans(L, false, false);
        }
        c.needClose = false;
        c.wait = WAIT.ON_LINE;
        if (!host.ready(c)) {
            // The C waits for link-up inside the state machine; link-up events are not emulated.
            c.state = STATE.LINK_OFF;
            host.updateRecord(c);
            return pushBooleans(L, true, false);
        }
        const id = host.allocSocket();
        if (id < 0) {
            clog(LOG_LEVEL.ERROR, "posix_net", "没有空闲的socket可创建了");
            return failed(L, c);
        }
        c.socketId = id;
        host.newSocket(c);
        c.rx = [];
        c.rxPeers = [];
        c.link = "used";
        const server = new ListeningSocket(c, c.tag, host as unknown as ServerHost<ServerCtrl>);
        c.server = server;
        if (c.localPort !== 0 && portTaken(c)) {
            clog(LOG_LEVEL.ERROR, "posix_net", `socket[${id}] bind port ${c.localPort} failed`);
            return failed(L, c);
        }
        if (!server.start(c.localPort)) {
            clog(LOG_LEVEL.ERROR, "posix_net", `socket[${id}] bind port ${c.localPort} failed`);
            return failed(L, c);
        }
        if (c.localPort !== 0) bound.set(c.localPort, c);
        c.link = "listening";
        clog(LOG_LEVEL.INFO, "posix_net", `socket[${id}] 开始监听端口 ${c.localPort}`);
        host.post(c, { kind: "listening" });
        c.state = STATE.CONNECTING;
        host.updateRecord(c);
        return pushBooleans(L, true, false);
    };

    /** network_listen's failure: the socket goes, the ctrl is OFF_LINE and waits for nothing. */
    const failed = (L: LuaState, c: C): number => {
        host.forceClose(c);
        c.state = STATE.OFF_LINE;
        c.wait = WAIT.NONE;
        host.updateRecord(c);
        listenFail(c);
        return pushBooleans(L, false, false);
    };

    const accept = (L: LuaState): number => {
        const c = host.ctrlAt(L);
        if (c === undefined || c.released) return 0;
        if (c.socketId >= 0) {
            if (c.link === "connected") {
                const peer = c.server?.client;
                if (peer !== undefined) c.remote = { ...peer };
                clog(LOG_LEVEL.INFO, "posix_net", `socket[${c.socketId}] accept完成`);
            } else clog(LOG_LEVEL.ERROR, "posix_net", `socket[${c.socketId}] accept失败, 当前状态 ${LINK_STATE_NAMES[c.link]}`);
        }
        lua.lua_pushboolean(L, true);
        lua.lua_pushnil(L);
        lua.lua_pushstring(L, S(c.remote.ip));
        lua.lua_pushinteger(L, c.remote.port);
        return 4;
    };

    return {
        listen: L => {
            const c = host.ctrlAt(L);
            if (c === undefined || c.released) return 0;
            return listen(L, c);
        },
        accept,
    };
}

/**
 * socket.discon of a ctrl that is ONLINE with TCP (network_close): for a
 * server, the adapter socket shuts down and CLOSE_OK follows; false when the
 * ctrl is no server.
 */
export function shutdownServer(c: ServerCtrl): boolean {
    const server = c.server;
    if (server === undefined) return false;
    c.state = STATE.DISCONNECTING;
    c.wait = WAIT.OFF_LINE;
    server.shutdown();
    return true;
}
