/**
 * websocket, today's WebSocket client (luat_lib_websocket.c over
 * luat_websocket.c), on the simulator's {@link Network} through the socket
 * module's adapter: its connections take socket ids from the same round
 * robin as socket.create's and log the same `posix_net` lines.
 *
 * `websocket.create(adapter, url[, keepalive[, use_ipv6]])` returns a `WS*`
 * userdata whose methods are the module's functions (the metatable's
 * `__index` looks names up in the module, luat_lib_websocket.c:578):
 * on(cb), connect(), send(data[, opcode]), close(), ready(), autoreconn(on[, ms]),
 * headers(table or string), debug(on).
 *
 * Events reach `cb(client, event, ...)` as bus messages after the network
 * event that caused them (l_websocket_callback, luat_lib_websocket.c:70):
 * `conack` (also published as `WEBSOCKET_CONNACK`), `recv` with the payload,
 * FIN (0/1) and opcode, `sent`, `disconnect`, and `error` with "connect",
 * "tx" or "rx" and 0.
 *
 * Kept from the C (file:line):
 * - the URL split (luat_websocket.c:209): the scheme is optional, the host
 *   ends at `:` or at the first `/` (one at index 0 or 1 does not count),
 *   the port is atoi of at most 5 characters (0: 80);
 * - the upgrade request: `GET uri`, `Host: host:port`, the headers() text,
 *   then Upgrade, Connection, the fixed key `w4v7O6xFTi36lq3RNcgctw==` and
 *   version 13 (luat_websocket.c:388); the answer must start with
 *   `HTTP/1.1 101` and is not checked further; bytes after its blank line are
 *   dropped (buffer_offset = 0, :497);
 * - client frames carry the fixed masking key 00 01 02 03 (:454), a
 *   payload of 0xFFFF bytes or more is refused (:444); send's second
 *   argument is the opcode switch: the integer 1 sends a binary frame, FIN is
 *   always set (luat_lib_websocket.c:411-418);
 * - received frames: FIN, opcode and a 7 or 16-bit length; the mask bit is
 *   not read; a 64-bit length or more than 32 KiB (LUAT_USE_PSRAM) fails;
 *   close and unknown opcodes fail the connection ("error" "rx", then the
 *   socket closes); a ping is answered with a pong; a pong is ignored;
 * - `sent` comes once per TX_OK of the ctrl while a send() is counted, and
 *   one TX_OK covers sends made before it (frame_wait, :682);
 * - close_socket (:351) reports `disconnect` and, with autoreconn, connects
 *   again after its period; close() releases the client: its disconnect
 *   reaches no callback (the callback is dropped first), a second close
 *   warns "websocket already closed"; the peer's close of the TCP connection
 *   is reported twice (error "connect" and disconnect each time: the close
 *   and the force close that follows are events of their own, :690);
 * - the keepalive ping: `keepalive` seconds (default 60) after each send
 *   or receive; the 30 s timer conack sets is replaced at once, the answer to
 *   the upgrade being a receive (:501, :675, :681).
 *
 * Not emulated: wss:// (create raises "not simulated"), IPv6, debug()'s
 * adapter log lines, the receive buffer's 16 KiB reads (data is parsed as it
 * arrives).
 */
import { lauxlib, lua, S, concatBytes, defineModule, textOf, type JsFunction, type LuaState } from "../../lua.js";
import type { Stream } from "../../net/network.js";
import { encodeFrame, WS_OPCODE } from "../../net/websocket-codec.js";
import { atoi } from "../../net/http-client.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import type { Halt } from "./os-exit.js";
import type { SocketAdapter } from "./socket.js";
import { ADAPTER_COUNT } from "./socket-constants.js";
import { testZbuff } from "./zbuff.js";

/** The userdata's metatable name (luat_lib_websocket.c:44). */
const WS_TYPE = "WS*";
/** The fixed handshake key and masking key (luat_websocket.c:391, :454). */
const HANDSHAKE_KEY = "w4v7O6xFTi36lq3RNcgctw==";
const MASK = new Uint8Array([0, 1, 2, 3]);
/** WEBSOCKET_PAYLOAD_MAX with LUAT_USE_PSRAM (luat_websocket.h:21). */
const PAYLOAD_MAX = 32 * 1024;
/** The ping period right after conack (luat_websocket.c:501). */
const FIRST_PING_MS = 30_000;
/** The C's field sizes (luat_websocket.h): host[192], uri[256], headers buffer 1024. */
const HOST_MAX = 191;
const URI_MAX = 255;
const HEADER_MAX = 1024;

/** Messages to the Lua thread (WEBSOCKET_MSG_*, luat_websocket.h). */
type Message = "ping" | "reconnect" | "publish" | "conack" | "release" | "sent" | "disconnect" | "error-connect" | "error-tx" | "error-rx";

/** A client (luat_websocket_ctrl_t). */
interface Client {
    host: string;
    port: number;
    uri: string;
    headers: string | undefined;
    keepalive: number;
    reconnect: boolean;
    reconnectMs: number;
    /** websocket_state: 1 once the upgrade was answered. */
    state: number;
    /** netc: false once released by close(). */
    hasCtrl: boolean;
    cbRef: number;
    selfRef: number;
    frameWait: number;
    buffer: Uint8Array;
    socketId: number;
    stream: Stream | undefined;
    /** Bumped when the socket goes: events of an older socket are dropped. */
    tag: number;
    connected: boolean;
    txSize: number;
    ackSize: number;
    cancelPing: (() => void) | undefined;
    cancelReconnect: (() => void) | undefined;
}

interface ClientUserdata {
    ws?: Client;
}

/** Installs the `websocket` library (made a rotable by rotables.ts), its connections on the socket module's adapter. */
export function installWebsocket(ctx: FirmwareContext, halt: Halt, adapter: SocketAdapter): void {
    const L0 = ctx.L;
    const clients = new Set<Client>();
    const clog = (level: number, text: string) => ctx.clog(level, "websocket", text);
    const live = () => ctx.alive() && !halt.halted;

    ctx.onEnd(() => {
        for (const c of clients) dropSocket(c);
        clients.clear();
    });
    halt.onHalt.push(() => {
        for (const c of clients) dropSocket(c);
    });

    // ---- the Lua side (l_websocket_callback, luat_lib_websocket.c:70) ----

    /** Runs `fn` as a message of the bus, as the firmware's C handlers run (they answer 0). */
    const onBus = (fn: (L: LuaState) => void) =>
        ctx.post(L => {
            fn(L);
            lua.lua_pushinteger(L, 0);
            return 1;
        });

    /** luat_websocket_msg_cb: a message for the Lua thread. */
    const message = (c: Client, kind: Message, frame?: Uint8Array) => {
        if (live()) onBus(L => onMessage(L, c, kind, frame));
    };

    const callback = (L: LuaState, c: Client, event: string, push?: () => number) => {
        if (c.cbRef === 0) return false;
        lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, c.cbRef);
        if (!lua.lua_isfunction(L, -1)) {
            lua.lua_pop(L, 1);
            return true;
        }
        lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, c.selfRef);
        lua.lua_pushstring(L, S(event));
        lua.lua_call(L, 2 + (push?.() ?? 0), 0);
        return true;
    };

    const onMessage = (L: LuaState, c: Client, kind: Message, frame: Uint8Array | undefined) => {
        switch (kind) {
            case "ping":
                if (c.state !== 0) sendFrame(c, WS_OPCODE.PING, new Uint8Array(0));
                return;
            case "reconnect":
                if (connect(c) !== 0) {
                    clog(LOG_LEVEL.INFO, "reconnect init socket ret=-1\n");
                    closeSocket(c);
                }
                return;
            case "publish":
                callback(L, c, "recv", () => {
                    const f = readFrame(frame!);
                    lua.lua_pushlstring(L, f.payload, f.payload.length);
                    lua.lua_pushinteger(L, f.fin);
                    lua.lua_pushinteger(L, f.opcode);
                    return 3;
                });
                return;
            case "conack":
                if (!callback(L, c, "conack")) return;
                if (lua.lua_getglobal(L, S("sys_pub")) === lua.LUA_TFUNCTION) {
                    lua.lua_pushstring(L, S("WEBSOCKET_CONNACK"));
                    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, c.selfRef);
                    lua.lua_call(L, 2, 0);
                } else lua.lua_pop(L, 1);
                return;
            case "release":
                if (c.selfRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c.selfRef);
                c.selfRef = 0;
                return;
            case "sent":
                callback(L, c, "sent");
                return;
            case "disconnect":
                callback(L, c, "disconnect");
                return;
            default: {
                const what = kind === "error-connect" ? "connect" : kind === "error-tx" ? "tx" : "rx";
                callback(L, c, "error", () => {
                    lua.lua_pushstring(L, S(what));
                    lua.lua_pushinteger(L, 0);
                    return 2;
                });
            }
        }
    };

    // ---- the client (luat_websocket.c) ----

    const startPing = (c: Client, ms: number) => {
        c.cancelPing?.();
        const arm = () => {
            c.cancelPing = ctx.clock.after(ms, () => {
                arm();
                message(c, "ping");
            });
        };
        arm();
    };

    const stopPing = (c: Client) => {
        c.cancelPing?.();
        c.cancelPing = undefined;
    };

    /** The socket goes without events (the device's end, os.exit). */
    const dropSocket = (c: Client) => {
        stopPing(c);
        c.cancelReconnect?.();
        c.cancelReconnect = undefined;
        c.tag += 1;
        c.stream?.close();
        c.stream = undefined;
        if (c.socketId >= 0) adapter.freeSocket(c.socketId);
        c.socketId = -1;
    };

    /**
     * network_force_close_socket. A socket the peer had closed reports the end of
     * its close as an event of its own: a second failure (luatos-pc does so every
     * time). A socket still open goes silently: on luatos-pc its close event
     * races the ctrl's release and mostly loses.
     */
    const forceClose = (c: Client) => {
        const peerClosed = c.connected && c.socketId >= 0 && c.stream === undefined;
        dropSocket(c);
        c.connected = false;
        if (peerClosed && c.hasCtrl) adapterEvent(c, c.tag, "closed");
    };

    /** luat_websocket_close_socket (luat_websocket.c:351). */
    const closeSocket = (c: Client) => {
        clog(LOG_LEVEL.INFO, "websocket closing socket");
        if (c.hasCtrl) forceClose(c);
        message(c, "disconnect");
        stopPing(c);
        c.state = 0;
        if (c.reconnect) {
            clog(LOG_LEVEL.INFO, `reconnect after ${c.reconnectMs}ms`);
            c.buffer = new Uint8Array(0);
            c.cancelReconnect?.();
            c.cancelReconnect = ctx.clock.after(c.reconnectMs, () => {
                c.cancelReconnect = undefined;
                message(c, "reconnect");
            });
        }
    };

    /** luat_websocket_send_packet: false (after the error's close) when the socket cannot take it. */
    const sendPacket = (c: Client, data: Uint8Array): boolean => {
        const stream = c.stream;
        if (stream === undefined || !c.connected) {
            clog(LOG_LEVEL.INFO, "send pkg err -1 , close socket");
            message(c, "error-tx");
            closeSocket(c);
            return false;
        }
        stream.send(data);
        c.txSize += data.length;
        const tag = c.tag;
        // The adapter acknowledges each write on the bus (socket.ts: TX_OK right after a send).
        onBus(() => {
            if (c.tag === tag && c.hasCtrl && live()) onTxOk(c, data.length);
        });
        return true;
    };

    /** luat_websocket_send_frame: 0, or -1 (too large), -8 (not sent). */
    const sendFrame = (c: Client, opcode: number, payload: Uint8Array): number => {
        if (payload.length >= 0xffff) {
            clog(LOG_LEVEL.ERROR, `pkg too large ${payload.length}`);
            return -1;
        }
        return sendPacket(c, encodeFrame(opcode, payload, { mask: MASK })) ? 0 : -8;
    };

    const onTxOk = (c: Client, bytes: number) => {
        c.ackSize += bytes;
        // The ctrl reports TX_OK once everything written so far is acknowledged.
        if (c.ackSize !== c.txSize) return;
        startPing(c, c.keepalive * 1000);
        if (c.frameWait > 0) {
            c.frameWait -= 1;
            message(c, "sent");
        }
    };

    /** websocket_parse (luat_websocket.c:471): 1 to go on, 0 to wait, -1 on failure. */
    const parse = (c: Client): number => {
        const buf = c.buffer;
        if (c.state === 0) {
            if (buf.length < 12) return 0;
            if (Buffer.from(buf.subarray(0, 12)).toString("latin1") !== "HTTP/1.1 101") {
                clog(LOG_LEVEL.ERROR, `server not support websocket? resp code ${Buffer.from(buf).toString("latin1")}`);
                return -1;
            }
            for (let i = 4; i + 4 <= buf.length; i++) {
                if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) {
                    c.buffer = new Uint8Array(0);
                    clog(LOG_LEVEL.INFO, "ready!!");
                    c.state = 1;
                    startPing(c, FIRST_PING_MS);
                    message(c, "conack");
                    return 1;
                }
            }
            return 0;
        }
        if (buf.length < 2) return 0;
        const head = frameHead(buf);
        if (head === "too-large") {
            clog(LOG_LEVEL.INFO, "payload too large!!!");
            return -1;
        }
        if (head === undefined) return 0;
        const opcode = buf[0]! & 0x0f;
        if (opcode === WS_OPCODE.CLOSE) return -1;
        if (opcode === WS_OPCODE.PING) sendFrame(c, WS_OPCODE.PONG, buf.slice(head.at, head.at + head.plen));
        else if (opcode !== WS_OPCODE.PONG && opcode > WS_OPCODE.BINARY) {
            clog(LOG_LEVEL.ERROR, `unkown optcode 0x${opcode.toString(16).toUpperCase().padStart(2, "0")}`);
            return -1;
        }
        // The C's length of the frame: 4 header bytes from 126 on, whatever the length field's width (:553).
        const total = head.plen >= 126 ? head.plen + 4 : head.plen + 2;
        if (opcode <= WS_OPCODE.BINARY) message(c, "publish", buf.slice(0, total));
        c.buffer = buf.slice(total);
        return c.buffer.length > 0 ? 1 : 0;
    };

    /** luat_websocket_payload's checks: the payload's place and length, undefined while incomplete. */
    const frameHead = (buf: Uint8Array): { at: number; plen: number } | "too-large" | undefined => {
        let plen = buf[1]! & 0x7f;
        let at = 2;
        if (plen === 126) {
            if (buf.length < 4) return undefined;
            plen = (buf[2]! << 8) | buf[3]!;
            at = 4;
        } else if (plen === 127) {
            clog(LOG_LEVEL.ERROR, "websocket payload is too large!!!");
            return "too-large";
        }
        if (plen > PAYLOAD_MAX) {
            clog(LOG_LEVEL.ERROR, `websocket payload is too large!!! ${plen} , must < ${PAYLOAD_MAX + 16}`);
            return "too-large";
        }
        return buf.length < at + plen ? undefined : { at, plen };
    };

    /** luat_websocket_read_packet and the EVENT branch of luat_websocket_callback (:663). */
    const onRx = (c: Client, data: Uint8Array) => {
        c.buffer = concatBytes([c.buffer, data]);
        for (;;) {
            const result = parse(c);
            if (result === 0) break;
            if (result < 0) {
                clog(LOG_LEVEL.WARN, `websocket_parse ret ${result}`);
                message(c, "error-rx");
                closeSocket(c);
                return;
            }
            if (c.buffer.length === 0) break;
        }
        startPing(c, c.keepalive * 1000);
    };

    /** An adapter event that reaches luat_websocket_callback with Param1 -1: the ctrl failed or closed. */
    const onFailure = (c: Client) => {
        clog(LOG_LEVEL.WARN, "websocket_callback param1 -1, closing socket");
        message(c, "error-connect");
        closeSocket(c);
    };

    /** Network events go through the bus first, as the adapter's events do (socket.ts). */
    const adapterEvent = (c: Client, tag: number, kind: "connect" | "closed" | "rx", data?: Uint8Array) => {
        if (!live()) return;
        onBus(() => {
            if (c.tag === tag && c.hasCtrl && live()) {
                if (kind === "connect") {
                    c.connected = true;
                    // websocket_connect (:395): the upgrade request.
                    sendPacket(c, Buffer.from(handshake(c), "latin1"));
                } else if (kind === "rx") onRx(c, data!);
                else onFailure(c);
            }
        });
    };

    /** luat_websocket_connect (:708): 0, or -1 when the ctrl cannot connect. */
    const connect = (c: Client): number => {
        clog(LOG_LEVEL.INFO, `connect host ${c.host} port ${c.port}`);
        // network_close first: an earlier socket goes without an event.
        dropSocket(c);
        c.connected = false;
        const id = adapter.allocSocket();
        if (id < 0) {
            message(c, "error-connect");
            return -1;
        }
        c.socketId = id;
        c.txSize = 0;
        c.ackSize = 0;
        const tag = c.tag;
        const fail = () => {
            if (c.tag !== tag) return;
            adapterEvent(c, tag, "closed");
        };
        adapter.dial(id, c.host, c.port, () => c.tag === tag, {
            stream: stream => (c.stream = stream),
            connected: () => adapterEvent(c, tag, "connect"),
            data: data => adapterEvent(c, tag, "rx", data.slice()),
            closed: () => {
                c.stream = undefined;
                fail();
            },
            unresolved: fail,
        });
        return 0;
    };

    const handshake = (c: Client) =>
        `GET ${c.uri} HTTP/1.1\r\nHost: ${c.host}:${c.port}\r\n${c.headers ?? ""}` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${HANDSHAKE_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

    // ---- the Lua functions (luat_lib_websocket.c) ----

    const check = (L: LuaState): Client => {
        const ud = lauxlib.luaL_checkudata(L, 1, S(WS_TYPE)) as ClientUserdata;
        return ud.ws!;
    };

    const create: JsFunction = L => {
        const index = lauxlib.luaL_optinteger(L, 1, adapter.index) as number;
        if (index < 0 || index >= ADAPTER_COUNT) return 0;
        const url = Buffer.from(lauxlib.luaL_checklstring(L, 2)).toString("latin1");
        const keepalive = lua.lua_isinteger(L, 3) ? (lauxlib.luaL_checkinteger(L, 3) as number) & 0xffff : 0;
        // network_alloc_ctrl: only the registered adapter has ctrls.
        if (index !== adapter.index) {
            // The adapter layer's own line, without a level (luat_network_adapter.c network_alloc_ctrl).
            ctx.write(`network_alloc_ctrl 1395:adapter index ${index} is invalid!\n`);
            clog(LOG_LEVEL.WARN, "network_alloc_ctrl fail");
            clog(LOG_LEVEL.ERROR, "websocket init FAID ret -1");
            return 0;
        }
        const parsed = splitUrl(url);
        if (parsed.tls) return lauxlib.luaL_error(L, S("websocket.create over wss is not simulated"));
        const ud = lua.lua_newuserdata(L, 0) as ClientUserdata;
        const c: Client = {
            ...parsed,
            headers: undefined,
            keepalive: keepalive > 0 ? keepalive : 60,
            reconnect: false,
            reconnectMs: 0,
            state: 0,
            hasCtrl: true,
            cbRef: 0,
            selfRef: 0,
            frameWait: 0,
            buffer: new Uint8Array(0),
            socketId: -1,
            stream: undefined,
            tag: 0,
            connected: false,
            txSize: 0,
            ackSize: 0,
            cancelPing: undefined,
            cancelReconnect: undefined,
        };
        ud.ws = c;
        clients.add(c);
        lauxlib.luaL_setmetatable(L, S(WS_TYPE));
        lua.lua_pushvalue(L, -1);
        c.selfRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
        return 1;
    };

    const on: JsFunction = L => {
        const c = check(L);
        if (c.cbRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c.cbRef);
        c.cbRef = 0;
        if (lua.lua_isfunction(L, 2)) {
            lua.lua_pushvalue(L, 2);
            c.cbRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
        }
        return 0;
    };

    const connectFn: JsFunction = L => {
        const c = check(L);
        if (!c.hasCtrl) return lauxlib.luaL_error(L, S("websocket.connect after close is not simulated (the device dereferences the released ctrl)"));
        if (connect(c) !== 0) {
            clog(LOG_LEVEL.ERROR, "socket connect ret=-1\n");
            closeSocket(c);
            lua.lua_pushboolean(L, false);
            return 1;
        }
        lua.lua_pushboolean(L, true);
        return 1;
    };

    const autoreconn: JsFunction = L => {
        const c = check(L);
        c.reconnect = lua.lua_toboolean(L, 2);
        const ms = lauxlib.luaL_optinteger(L, 3, 3000) as number;
        if (c.reconnect) c.reconnectMs = (ms >>> 0) < 1000 ? 1000 : ms >>> 0;
        return 0;
    };

    const send: JsFunction = L => {
        const c = check(L);
        let payload: Uint8Array;
        if (lua.lua_isstring(L, 2)) payload = lauxlib.luaL_checklstring(L, 2).slice();
        else {
            const z = testZbuff(L, 2);
            if (z === undefined) {
                clog(LOG_LEVEL.DEBUG, "only support string or zbuff");
                return 0;
            }
            payload = z.addr.slice(0, z.used);
        }
        const binary = lua.lua_isinteger(L, 3) && lua.lua_tointeger(L, 3) === 1;
        if (c.state !== 1) {
            clog(LOG_LEVEL.INFO, "not ready yet");
            lua.lua_pushboolean(L, false);
            return 1;
        }
        c.frameWait += 1;
        const ret = sendFrame(c, binary ? WS_OPCODE.BINARY : WS_OPCODE.TEXT, payload);
        if (ret < 0) c.frameWait -= 1;
        lua.lua_pushboolean(L, ret === 0);
        return 1;
    };

    const close: JsFunction = L => {
        const c = check(L);
        if (c.state === 0 && !c.hasCtrl) {
            clog(LOG_LEVEL.WARN, "websocket already closed");
            return 0;
        }
        closeSocket(c);
        if (c.cbRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c.cbRef);
        c.cbRef = 0;
        // luat_websocket_release_socket (:366): the timers, headers and ctrl go.
        message(c, "release");
        c.cancelReconnect?.();
        c.cancelReconnect = undefined;
        stopPing(c);
        c.headers = undefined;
        dropSocket(c);
        c.hasCtrl = false;
        clients.delete(c);
        return 0;
    };

    const ready: JsFunction = L => {
        lua.lua_pushboolean(L, check(L).state > 0);
        return 1;
    };

    /** l_websocket_headers (luat_lib_websocket.c:490): `name:value\r\n` lines, some value bytes %-escaped. */
    const headers: JsFunction = L => {
        const c = check(L);
        if (!lua.lua_istable(L, 2) && !lua.lua_isstring(L, 2)) return 0;
        let text = "";
        if (lua.lua_istable(L, 2)) {
            lua.lua_pushnil(L);
            while (lua.lua_next(L, 2) !== 0) {
                const name = stringOf(L, -2);
                const value = stringOf(L, -1);
                if (name === "" || value === "" || name.length + value.length > 256) {
                    clog(LOG_LEVEL.WARN, `bad header ${name} ${value}`);
                    lua.lua_pop(L, 2);
                    return 0;
                }
                text += name + ":";
                if (HEADER_MAX - text.length < value.length * 2) {
                    clog(LOG_LEVEL.WARN, `bad header ${name} ${value}, too large`);
                    lua.lua_pop(L, 2);
                    return 0;
                }
                for (const ch of value) text += "*-._ ".includes(ch) ? `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : ch;
                text += "\r\n";
                lua.lua_pop(L, 1);
            }
        } else {
            const data = lauxlib.luaL_checklstring(L, 2);
            if (data.length > 1023) {
                clog(LOG_LEVEL.WARN, `headers too large size ${data.length}`);
                return 0;
            }
            // Copied into a zeroed buffer and used as a C string: a NUL ends it.
            text = Buffer.from(data).toString("latin1").split("\0")[0]!;
        }
        c.headers = text;
        lua.lua_pushboolean(L, true);
        return 1;
    };

    /** wsc:debug(on): the ctrl's debug flag, which only adds the adapter's own log lines (not emulated). */
    const debug: JsFunction = L => {
        check(L);
        return 0;
    };

    const functions: Record<string, JsFunction> = { create, on, connect: connectFn, autoreconn, send, close, ready, headers, debug };
    defineModule(L0, "websocket", functions);
    // The WS* metatable: its __index looks names up in the module's array (luat_lib_websocket.c:578).
    lauxlib.luaL_newmetatable(L0, S(WS_TYPE));
    lua.lua_pushcfunction(L0, (L: LuaState) => {
        const name = textOf(lauxlib.luaL_checklstring(L, 2));
        const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
        if (fn === undefined) return 0;
        lua.lua_pushcfunction(L, fn);
        return 1;
    });
    lua.lua_setfield(L0, -2, S("__index"));
    lua.lua_pop(L0, 1);
}

/** A received frame as the Lua side reads it again (luat_websocket_payload). */
function readFrame(frame: Uint8Array): { fin: number; opcode: number; payload: Uint8Array } {
    let plen = frame[1]! & 0x7f;
    let at = 2;
    if (plen === 126) {
        plen = (frame[2]! << 8) | frame[3]!;
        at = 4;
    }
    return { fin: (frame[0]! >> 7) & 1, opcode: frame[0]! & 0x0f, payload: frame.slice(at, at + plen) };
}

/** luat_websocket_set_connopts's URL split (luat_websocket.c:209). */
function splitUrl(url: string): { tls: boolean; host: string; port: number; uri: string } {
    // The C reads a C string: a NUL ends it.
    let rest = url.split("\0")[0]!;
    let tls = false;
    if (rest.startsWith("wss://")) {
        tls = true;
        rest = rest.slice(6);
    } else if (rest.startsWith("ws://")) rest = rest.slice(5);
    let uriStart = rest.indexOf("/");
    if (uriStart < 2) uriStart = rest.length;
    let host = "";
    let port = 0;
    const colon = rest.slice(0, uriStart).indexOf(":");
    if (colon >= 0) {
        host = rest.slice(0, Math.min(colon, HOST_MAX));
        port = atoi(rest.slice(colon + 1, colon + 1 + Math.min(uriStart - colon - 1, 5))) & 0xffff;
    }
    if (host === "") host = rest.slice(0, Math.min(uriStart, HOST_MAX));
    let uri = rest.slice(uriStart, uriStart + URI_MAX);
    if (port === 0) port = tls ? 443 : 80;
    if (uri === "") uri = "/";
    return { tls, host, port, uri };
}

/** lua_tolstring of a key or value without converting it in place ("" for what is not a string or number). */
function stringOf(L: LuaState, idx: number): string {
    const t = lua.lua_type(L, idx);
    if (t !== lua.LUA_TSTRING && t !== lua.LUA_TNUMBER) return "";
    lua.lua_pushvalue(L, idx);
    const text = Buffer.from(lua.lua_tostring(L, -1)).toString("latin1");
    lua.lua_pop(L, 1);
    return text;
}
