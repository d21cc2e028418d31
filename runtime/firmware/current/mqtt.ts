/**
 * mqtt, today's MQTT 3.1.1 client (luat_lib_mqtt.c over luat_mqtt_client.c
 * and libemqtt.c), on the simulator's {@link Network}: the same network the
 * socket module uses, with socket ids from the same adapter (socket.ts
 * {@link SocketAdapter}).
 *
 * Events travel as on the device, in two kinds of bus messages: the
 * adapter's event (connected, data, closed, error) is posted first and runs
 * luat_mqtt_callback on the Lua thread (luat_mqtt_client.c:545), which reads
 * packets and posts a message per MQTT event (l_luat_mqtt_msg_cb, :32); only
 * that second message calls the Lua callback (luatos_mqtt_callback,
 * luat_lib_mqtt.c:58). A "sent" of QoS 0 is posted by publish itself
 * (luat_lib_mqtt.c:709). A connection the broker closes reports "error"
 * "other" first, then "disconnect" and "close" (or a reconnect after
 * `autoreconn`'s delay) from luat_mqtt_close_socket (luat_mqtt_client.c:230).
 *
 * Quirks kept:
 * - without `auth`, the client id is empty, clean session is off and the
 *   first packet id is 0 (luat_mqtt_init zeroes the broker; mqtt_init sets
 *   seq 1 and clean_session 1, libemqtt.c:175);
 * - packet ids count across subscribe, unsubscribe and QoS 1/2 publish;
 *   a QoS 0 publish returns 0;
 * - publish, subscribe, unsubscribe on a client without a connection log
 *   "network_tx ret -1, closing socket" and return nothing;
 * - a numeric host makes create return nothing (luat_mqtt_set_connopts wants
 *   a host name, luat_mqtt_client.c:134);
 * - the "disconnect" event carries the client's error state at the time the
 *   message runs (0, -2 after the broker's DISCONNECT, or the CONNACK code).
 *
 * Not emulated: TLS (create with ssl raises "not simulated"), MQTT over
 * WebSocket (ws:// and wss:// hosts), IPv6, the `rxSize` and `ipv6` opts;
 * a received PUBLISH is delivered as a device does (luatos-pc itself crashes
 * there: it passes the message pointer through an int, luat_mqtt_client.c:472).
 */
import { lauxlib, lua, S, concatBytes, textOf, type JsFunction, type LuaState } from "../../lua.js";
import type { CloseReason, Stream } from "../../net/network.js";
import type { Connection } from "../../traffic.js";
import {
    PACKET,
    PacketReader,
    decodePublish,
    encodeConnect,
    encodeEmpty,
    encodeIdOnly,
    encodePublish,
    encodeSubscribe,
    encodeUnsubscribe,
    packetIdOf,
    type RawPacket,
} from "../../net/mqtt-codec.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import type { Halt } from "./os-exit.js";
import { checkZbuff } from "./zbuff.js";
import { ADAPTER_COUNT, isIpv4, recordClose } from "./socket-constants.js";
import type { SocketAdapter } from "./socket.js";

/** The client userdata's metatable name (LUAT_MQTT_CTRL_TYPE). */
const MQTTCTRL = "MQTTCTRL*";

/** mqtt_state values (LUAT_MQTT_STATE_E, luat_mqtt.h:36). */
export const MQTT_STATE = { DISCONNECT: 0, SCONNECT: 1, MQTT: 2, READY: 3 } as const;

/** The module's constants in their C order (reg_mqtt, luat_lib_mqtt.c:798). */
const CONSTANTS: Record<string, number> = {
    STATE_DISCONNECT: MQTT_STATE.DISCONNECT,
    STATE_SCONNECT: MQTT_STATE.SCONNECT,
    STATE_MQTT: MQTT_STATE.MQTT,
    STATE_READY: MQTT_STATE.READY,
    VERIFY_NONE: 0,
    VERIFY_OPTION: 1,
    VERIFY_REQUIRED: 2,
};

/** The messages luat_mqtt_client.c posts for Lua (MQTT_MSG_*, luat_mqtt.h:9 and libemqtt.h). */
type Message =
    | { kind: "conack" }
    | { kind: "recv"; topic: Uint8Array; payload: Uint8Array; flags: number; id: number }
    | { kind: "sent"; id: number }
    | { kind: "suback"; code: number }
    | { kind: "unsuback" }
    | { kind: "pong" }
    | { kind: "disconnect" }
    | { kind: "close" }
    | { kind: "release" }
    | { kind: "error"; what: "connect" | "tx" | "conack" | "other" | "timeout"; code: number }
    | { kind: "ping" }
    | { kind: "reconnect" };

/** The network_ctrl results luat_mqtt_callback sees (EV_NW_RESULT_* less the base): what the ctrl waited for. */
const RESULT = { CONNECT: 2, TX: 3, EVENT: 5 } as const;

/** MQTT_ERROR_STATE_DISCONNECT: the broker sent DISCONNECT. */
const ERROR_STATE_DISCONNECT = -2;
/** The PC build's receive buffer (MQTT_RECV_BUF_LEN_MAX + 4, luat_mqtt.h:27). */
const RX_BUFFER = 4096 + 4;
/** Length limits of auth's fields (libemqtt.h:36-45): a value this long or longer is refused. */
const LIMITS = { clientId: 192, username: 192, password: 512 } as const;
/** How often a connect waiting for the network looks again (device time). */
const LINK_POLL_MS = 100;
/** mqtt_ctrl->host's size (luat_mqtt.h): a longer host name is refused. */
const HOST_SIZE = 192;

interface Client {
    adapter: number;
    released: boolean;
    state: number;
    errorState: number;
    host: string;
    port: number;
    clientId: string;
    username: string;
    password: string;
    cleanSession: boolean;
    keepalive: number;
    will: { topic: Uint8Array; payload: Uint8Array; qos: number; retain: boolean } | undefined;
    /** libemqtt's broker->seq: the next packet id. */
    seq: number;
    cbRef: number;
    selfRef: number;
    reconnect: boolean;
    reconnectMs: number;
    connTimeoutS: number;
    /** The netc's socket, -1 without one. */
    socketId: number;
    /** Changes when the socket goes: events of an older stream are dropped. */
    tag: number;
    stream: Stream | undefined;
    connected: boolean;
    connection: Connection | undefined;
    /** What the netc waits for (its result event when something fails). */
    wait: number;
    rx: Uint8Array[];
    reader: PacketReader;
    /** A fake netc address for the "closing socket" log (luatos-pc prints a pointer). */
    netc: string;
    pingTimer: (() => void) | undefined;
    connTimer: (() => void) | undefined;
    reconnectTimer: (() => void) | undefined;
}

interface ClientUserdata {
    client: Client;
}

type NetEvent = { kind: "connect-ok" } | { kind: "rx" } | { kind: "tx-ok" } | { kind: "closed" };


/** Installs the `mqtt` module of today's firmware. */
export function installMqtt(ctx: FirmwareContext, halt: Halt, adapter: SocketAdapter, options: { index: number }): void {
    const L0 = ctx.L;
    const clients: Client[] = [];
    let nextTag = 1;
    let nextNetc = 0x7f0000000fc0;
    const clog = (level: number, text: string) => ctx.clog(level, "mqtt", text);

    const stopTimers = (c: Client, which: ("ping" | "conn" | "reconnect")[]) => {
        for (const w of which) {
            const key = `${w}Timer` as "pingTimer" | "connTimer" | "reconnectTimer";
            c[key]?.();
            c[key] = undefined;
        }
    };
    const startTimer = (c: Client, which: "ping" | "conn" | "reconnect", ms: number, message: Message) => {
        stopTimers(c, [which]);
        const key = `${which}Timer` as "pingTimer" | "connTimer" | "reconnectTimer";
        const fire = () => {
            if (!ctx.alive() || halt.halted || c.released) return;
            // The ping timer repeats (luat_start_rtos_timer(..., 1)); the others fire once.
            c[key] = which === "ping" ? ctx.clock.after(ms, fire) : undefined;
            post(c, message);
        };
        c[key] = ctx.clock.after(ms, fire);
    };

    halt.onHalt.push(() => clients.forEach(c => dropSocket(c)));
    ctx.onEnd(() => {
        for (const c of clients) {
            c.tag = -1;
            c.stream?.close();
            stopTimers(c, ["ping", "conn", "reconnect"]);
        }
    });

    // ---- second message: luatos_mqtt_callback ----
    const post = (c: Client, m: Message) => {
        if (!ctx.alive() || halt.halted) return;
        ctx.post(L => {
            deliver(L, c, m);
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    };
    const finish = (L: LuaState) => {
        lua.lua_pushinteger(L, 0);
        return 1;
    };
    /** Calls the client's callback with `event` and what `push` pushes (it returns how many). */
    const callBack = (L: LuaState, c: Client, event: string, push: () => number = () => 0) => {
        if (c.cbRef === 0) return;
        lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, c.cbRef);
        if (!lua.lua_isfunction(L, -1)) {
            lua.lua_pop(L, 1);
            return;
        }
        lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, c.selfRef);
        lua.lua_pushstring(L, S(event));
        lua.lua_callk(L, 2 + push(), 0, 0, finish);
    };
    const deliver = (L: LuaState, c: Client, m: Message) => {
        switch (m.kind) {
            case "ping":
                if (!c.released) sendPacket(c, encodeEmpty(PACKET.PINGREQ));
                return;
            case "reconnect":
                if (c.released) return;
                c.state = MQTT_STATE.DISCONNECT;
                clog(LOG_LEVEL.INFO, `mqtt reconnecting... ${c.host} ${c.port}`);
                if (connect(c) !== 0) {
                    clog(LOG_LEVEL.INFO, "reconnect init socket ret=-1\n");
                    closeSocket(c);
                }
                return;
            case "release":
                if (c.selfRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c.selfRef);
                c.selfRef = 0;
                return;
            case "conack":
            case "unsuback":
                return callBack(L, c, m.kind);
            case "pong":
                if (c.cbRef === 0) return;
                callBack(L, c, "pong");
                // luat_lib_mqtt.c:113: also published to the whole system.
                if (lua.lua_getglobal(L, S("sys_pub")) === lua.LUA_TFUNCTION) {
                    lua.lua_pushstring(L, S("MQTT_PONG"));
                    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, c.selfRef);
                    lua.lua_callk(L, 2, 0, 0, finish);
                } else lua.lua_pop(L, 1);
                return;
            case "sent":
                return callBack(L, c, "sent", () => {
                    lua.lua_pushinteger(L, m.id);
                    return 1;
                });
            case "suback":
                return callBack(L, c, "suback", () => {
                    lua.lua_pushboolean(L, m.code <= 2);
                    lua.lua_pushinteger(L, m.code);
                    return 2;
                });
            case "disconnect":
                return callBack(L, c, "disconnect", () => {
                    lua.lua_pushinteger(L, c.errorState);
                    return 1;
                });
            case "close":
                if (c.selfRef !== 0) callBack(L, c, "close");
                return;
            case "error":
                if (m.what === "timeout") clog(LOG_LEVEL.WARN, `connect timeout ${c.host} ${c.port}!! expect conack in ${c.connTimeoutS}s`);
                if (c.selfRef !== 0) {
                    callBack(L, c, "error", () => {
                        lua.lua_pushstring(L, S(m.what));
                        lua.lua_pushinteger(L, m.code);
                        return 2;
                    });
                }
                if (m.what === "timeout") closeSocket(c);
                return;
            case "recv":
                return callBack(L, c, "recv", () => {
                    lua.lua_pushlstring(L, m.topic, m.topic.length);
                    lua.lua_pushlstring(L, m.payload, m.payload.length);
                    lua.lua_createtable(L, 0, 4);
                    const fields: [string, number][] = [
                        ["message_id", m.id],
                        ["qos", (m.flags & 0x06) >> 1],
                        ["retain", m.flags & 0x01],
                        ["dup", (m.flags & 0x08) !== 0 ? 1 : 0],
                    ];
                    for (const [k, v] of fields) {
                        lua.lua_pushinteger(L, v);
                        lua.lua_setfield(L, -2, S(k));
                    }
                    return 3;
                });
        }
    };

    // ---- first message: the adapter's event runs luat_mqtt_callback ----
    const netPost = (c: Client, tag: number, e: NetEvent) => {
        if (!ctx.alive() || halt.halted) return;
        ctx.post(L => {
            if (!c.released && c.tag === tag) netEvent(c, e);
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    };

    const netEvent = (c: Client, e: NetEvent) => {
        if (e.kind === "closed") {
            // A failed connect, a close by the peer, or our own close: the result of what the ctrl waited for, -1.
            const result = c.wait;
            clog(LOG_LEVEL.ERROR, `mqtt_callback param1 -1, event ${result} closing socket`);
            post(c, { kind: "error", what: result === RESULT.CONNECT ? "connect" : result === RESULT.TX ? "tx" : "other", code: 0 });
            closeSocket(c);
            return;
        }
        if (e.kind === "connect-ok") {
            c.state = MQTT_STATE.MQTT;
            if (!sendPacket(c, connectPacket(c))) return;
        } else if (e.kind === "rx") {
            if (readPackets(c) !== 0) return;
        }
        // network_wait_event: only an online ctrl can wait.
        if (c.socketId < 0 || !c.connected) {
            clog(LOG_LEVEL.WARN, "network_wait_event ret -1, closing socket");
            closeSocket(c);
            return;
        }
        c.wait = RESULT.EVENT;
    };

    const connectPacket = (c: Client) =>
        encodeConnect({
            clientId: c.clientId,
            // libemqtt leaves empty fields out (mqtt_connect, libemqtt.c:211).
            username: c.username !== "" ? c.username : undefined,
            password: c.password !== "" ? c.password : undefined,
            cleanSession: c.cleanSession,
            keepalive: c.keepalive,
            will: c.will === undefined ? undefined : { topic: textOf(c.will.topic), payload: c.will.payload, qos: c.will.qos, retain: c.will.retain },
        });

    /** luat_mqtt_read_packet: takes what arrived and handles every whole packet. 0, or -1 when the socket was closed. */
    const readPackets = (c: Client): number => {
        const data = concatBytes(c.rx);
        c.rx = [];
        if (data.length === 0) {
            clog(LOG_LEVEL.WARN, "rx event but NO data wait for recv");
            return 0;
        }
        if (data.length > RX_BUFFER - c.reader.pending) {
            clog(LOG_LEVEL.ERROR, `too many data wait for recv ${data.length}`);
            closeSocket(c);
            return -1;
        }
        let packets: RawPacket[];
        try {
            packets = c.reader.feed(data);
        } catch {
            packets = [];
        }
        for (const p of packets) {
            const ret = handlePacket(c, p);
            if (ret !== 0) {
                clog(LOG_LEVEL.WARN, `bad mqtt packet!! ret ${ret}`);
                clog(LOG_LEVEL.WARN, "mqtt_parse ret -1, closing socket");
                closeSocket(c);
                return -1;
            }
        }
        return 0;
    };

    /** luat_mqtt_msg_cb (luat_mqtt_client.c:395): 0, or the C's negative result after closing. */
    const handlePacket = (c: Client, p: RawPacket): number => {
        const fail = (code: number, ret: number) => {
            closeSocket(c);
            post(c, { kind: "error", what: "connect", code });
            return ret;
        };
        if (p.type !== PACKET.CONNACK && c.state !== MQTT_STATE.READY) {
            clog(LOG_LEVEL.ERROR, `recv msg ${p.type << 4} when not connected`);
            return fail(96, -2);
        }
        if (p.type === PACKET.CONNACK && c.state === MQTT_STATE.READY) {
            clog(LOG_LEVEL.ERROR, "recv connack when already connected");
            return fail(95, -3);
        }
        switch (p.type) {
            case PACKET.CONNACK: {
                const code = p.body[1] ?? 0;
                if (code !== 0) {
                    clog(LOG_LEVEL.WARN, `CONACK 0x${code.toString(16).padStart(2, "0")}`);
                    c.errorState = code;
                    closeSocket(c);
                    post(c, { kind: "error", what: "conack", code });
                    return -4;
                }
                c.state = MQTT_STATE.READY;
                post(c, { kind: "conack" });
                stopTimers(c, ["reconnect", "ping", "conn"]);
                startTimer(c, "ping", (c.keepalive * 1000 * 3) / 4, { kind: "ping" });
                return 0;
            }
            case PACKET.PUBLISH: {
                const f = decodePublish(p);
                if (f.qos > 2) return fail(98, -5);
                if (f.topic.length < 1 || f.payload.length > 256 * 1024) return fail(99, -6);
                post(c, { kind: "recv", topic: f.topic, payload: f.payload, flags: p.flags, id: f.qos > 0 ? f.packetId : 0 });
                if (f.qos === 1) sendPacket(c, encodeIdOnly(PACKET.PUBACK, f.packetId));
                else if (f.qos === 2) sendPacket(c, encodeIdOnly(PACKET.PUBREC, f.packetId));
                return 0;
            }
            case PACKET.PUBACK:
            case PACKET.PUBCOMP:
                post(c, { kind: "sent", id: packetIdOf(p.body) });
                return 0;
            case PACKET.PUBREC:
                sendPacket(c, encodeIdOnly(PACKET.PUBREL, packetIdOf(p.body)));
                return 0;
            case PACKET.PUBREL:
                sendPacket(c, encodeIdOnly(PACKET.PUBCOMP, packetIdOf(p.body)));
                return 0;
            case PACKET.SUBACK:
                post(c, { kind: "suback", code: p.body[2] ?? 0 });
                return 0;
            case PACKET.UNSUBACK:
                post(c, { kind: "unsuback" });
                return 0;
            case PACKET.PINGRESP:
                post(c, { kind: "pong" });
                return 0;
            case PACKET.DISCONNECT:
                c.errorState = ERROR_STATE_DISCONNECT;
                return 0;
            default:
                return 0;
        }
    };

    /**
     * network_force_close_socket (luat_network_adapter.c:1796): the socket goes
     * and nothing more is reported of it. (luatos-pc's reader thread sometimes
     * still reports the closed socket, an "error" "other" after "close"; the
     * socket module ignores such events too.)
     */
    const dropSocket = (c: Client) => {
        const stream = c.stream;
        c.stream = undefined;
        c.connected = false;
        stream?.close();
        if (c.connection !== undefined && c.connection.closedAt === undefined) {
            c.connection.closedAt = ctx.clock.now();
            c.connection.closeReason ??= "local-close";
        }
        if (c.socketId >= 0) adapter.freeSocket(c.socketId);
        c.socketId = -1;
        c.rx = [];
        c.reader = new PacketReader();
        c.tag = nextTag++;
        c.wait = RESULT.EVENT;
    };

    /** luat_mqtt_close_socket (luat_mqtt_client.c:230). */
    const closeSocket = (c: Client) => {
        clog(LOG_LEVEL.INFO, `mqtt closing socket netc:${c.netc} mqtt_state:${c.state}`);
        if (c.state === MQTT_STATE.DISCONNECT) return;
        c.state = MQTT_STATE.DISCONNECT;
        stopTimers(c, ["ping", "conn"]);
        dropSocket(c);
        post(c, { kind: "disconnect" });
        if (c.reconnect && c.reconnectMs > 0) startTimer(c, "reconnect", c.reconnectMs, { kind: "reconnect" });
        else post(c, { kind: "close" });
    };

    /** broker->send, luat_mqtt_send_packet (luat_mqtt_client.c:672): false after a failed send (which closes the socket). */
    const sendPacket = (c: Client, data: Uint8Array): boolean => {
        if (c.socketId < 0 || !c.connected || c.stream === undefined) {
            clog(LOG_LEVEL.WARN, "network_tx ret -1, closing socket");
            closeSocket(c);
            return false;
        }
        c.connection?.sentChunks.push(data);
        c.stream.send(data);
        c.wait = RESULT.TX;
        netPost(c, c.tag, { kind: "tx-ok" });
        return true;
    };

    /**
     * luat_mqtt_connect (luat_mqtt_client.c:692): 0, or -1 when the ctrl
     * already has a socket, the adapter has none left, or it is not the
     * registered one. While the network is down the ctrl waits for the link
     * (network_connect, luat_network_adapter.c: NW_STATE_LINK_OFF) and
     * connects once it is up; the connect timeout runs meanwhile.
     */
    const connect = (c: Client): number => {
        c.errorState = 0;
        c.reader = new PacketReader();
        if (c.socketId >= 0 || c.adapter !== options.index) return -1;
        const tag = nextTag++;
        c.tag = tag;
        c.wait = RESULT.CONNECT;
        const start = (): boolean => {
            // The adapter logs when none is free.
            const id = adapter.allocSocket();
            if (id < 0) return false;
            c.socketId = id;
            if (isIpv4(c.host)) openStream(c, c.host);
            else resolve(c, tag);
            return true;
        };
        if (ctx.network.isUp()) {
            if (!start()) return -1;
        } else {
            const check = () => {
                if (!ctx.alive() || halt.halted || c.released || c.tag !== tag) return;
                if (!ctx.network.isUp()) {
                    ctx.clock.after(LINK_POLL_MS, check);
                    return;
                }
                ctx.post(L => {
                    if (!c.released && c.tag === tag && !start()) netEvent(c, { kind: "closed" });
                    lua.lua_pushinteger(L, 0);
                    return 1;
                });
            };
            ctx.clock.after(LINK_POLL_MS, check);
        }
        c.state = MQTT_STATE.SCONNECT;
        startTimer(c, "conn", c.connTimeoutS * 1000, { kind: "error", what: "timeout", code: 0 });
        return 0;
    };

    const resolve = (c: Client, tag: number) => {
        ctx.network.resolve(c.host, address => {
            if (!ctx.alive() || c.tag !== tag) return;
            adapter.logDns(c.host, address);
            ctx.post(L => {
                if (!c.released && c.tag === tag) {
                    if (address === undefined) netEvent(c, { kind: "closed" });
                    else openStream(c, address);
                }
                lua.lua_pushinteger(L, 0);
                return 1;
            });
        });
    };

    const openStream = (c: Client, address: string) => {
        const tag = c.tag;
        const connection = ctx.traffic.open(`${c.socketId}`, "TCP", c.host, c.port, ctx.clock.now());
        c.connection = connection;
        adapter.logConnect(c.socketId, address, c.port);
        let connected = false;
        c.stream = ctx.network.connectTcp(c.host, c.port, {
            onConnect: () => {
                if (c.tag !== tag || !ctx.alive()) return;
                connected = true;
                c.connected = true;
                connection.connected = true;
                netPost(c, tag, { kind: "connect-ok" });
            },
            onData: (data: Uint8Array) => {
                if (c.tag !== tag || !ctx.alive()) return;
                connection.receivedChunks.push(data.slice());
                c.rx.push(data.slice());
                netPost(c, tag, { kind: "rx" });
            },
            onClose: (reason: CloseReason) => {
                recordClose(connection, reason, ctx.clock.now());
                if (c.tag !== tag || !ctx.alive()) return;
                if (!connected) {
                    adapter.logConnectFailed(c.socketId, reason);
                    // The adapter closed the socket itself: the ctrl's close has nothing more to report.
                    c.stream = undefined;
                }
                netPost(c, tag, { kind: "closed" });
            },
        });
    };

    // ---- Lua surface ----
    const clientAt = (L: LuaState): Client => {
        const ud = lauxlib.luaL_testudata(L, 1, S(MQTTCTRL)) as ClientUserdata | null;
        if (ud !== null) return ud.client;
        // The C takes any userdata as its ctrl (and crashes on a wrong one): the simulator raises instead.
        return lauxlib.luaL_checkudata(L, 1, S(MQTTCTRL)) as never;
    };
    /** A method; `network` ones use the netc, which close() frees: the firmware would crash, the simulator raises. */
    const method =
        (fn: (L: LuaState, c: Client) => number, network = false): JsFunction =>
        L => {
            const c = clientAt(L);
            if (network && c.released) return lauxlib.luaL_error(L, S("mqtt client used after close (the firmware would crash)")) as number;
            return fn(L, c);
        };
    /** A topic or payload argument: a string, a zbuff's used bytes, or "" (publish, luat_lib_mqtt.c:689). */
    const payloadAt = (L: LuaState, index: number): Uint8Array => {
        if (lua.lua_isstring(L, index)) return (lua.lua_tolstring(L, index) as Uint8Array).slice();
        if (lauxlib.luaL_testudata(L, index, S("ZBUFF*")) !== null) {
            const buff = checkZbuff(L, index);
            return buff.addr.slice(0, buff.used);
        }
        clog(LOG_LEVEL.DEBUG, "only support string or zbuff");
        return new Uint8Array(0);
    };
    const nextSeq = (c: Client) => {
        const id = c.seq;
        c.seq = (c.seq + 1) & 0xffff;
        if (c.seq === 0) c.seq = 1;
        return id;
    };
    /** C strings end at a NUL (strlen). */
    const cString = (bytes: Uint8Array) => {
        const nul = bytes.indexOf(0);
        return nul >= 0 ? bytes.slice(0, nul) : bytes;
    };

    /**
     * subscribe / unsubscribe: one packet per topic, each with a new packet
     * id; returns the last id (0 for none), or nothing when a send failed
     * (luat_lib_mqtt.c:296, :328).
     */
    const sendEach = (L: LuaState, c: Client, topics: [Uint8Array, number][], encode: (id: number, topic: Uint8Array, qos: number) => Uint8Array): number => {
        let ok = true;
        let id = 0;
        for (const [topic, qos] of topics) {
            id = nextSeq(c);
            ok = sendPacket(c, encode(id, cString(topic), qos)) && ok;
        }
        if (!ok) return 0;
        lua.lua_pushinteger(L, id);
        return 1;
    };

    const functions: Record<string, JsFunction> = {
        create: L => {
            const index = lauxlib.luaL_optinteger(L, 1, options.index) as number;
            if (index < 0 || index >= ADAPTER_COUNT) {
                clog(LOG_LEVEL.ERROR, "尚无已注册的网络适配器");
                return 0;
            }
            // Pushed before the other arguments are read: a missing host or port reads as this userdata (luat_lib_mqtt.c:404).
            const ud = lua.lua_newuserdata(L, 0) as ClientUserdata;
            // network_alloc_ctrl: only the registered adapter has ctrls; it says so with a bare printf.
            if (index !== options.index) {
                ctx.write(`network_alloc_ctrl 1395:adapter index ${index} is invalid!\n`);
                clog(LOG_LEVEL.WARN, "network_alloc_ctrl fail");
                clog(LOG_LEVEL.ERROR, "mqtt init FAID ret -1");
                return 0;
            }
            let host: string | undefined;
            if (!lua.lua_isinteger(L, 2)) host = textOf(cString(lauxlib.luaL_checklstring(L, 2) as Uint8Array));
            const port = (lauxlib.luaL_checkinteger(L, 3) as number) & 0xffff;
            const tls = (lua.lua_isboolean(L, 4) && lua.lua_toboolean(L, 4)) || lua.lua_istable(L, 4);
            if (host !== undefined && (host.startsWith("ws://") || host.startsWith("wss://"))) {
                return lauxlib.luaL_error(L, S("mqtt.create over WebSocket is not simulated")) as number;
            }
            if (host === undefined) {
                // luat_mqtt_set_connopts wants a host name (luat_mqtt_client.c:134).
                clog(LOG_LEVEL.ERROR, "设置mqtt参数失败");
                return 0;
            }
            if (host.length >= HOST_SIZE) {
                clog(LOG_LEVEL.ERROR, `host too long ${host.length} >= ${HOST_SIZE}`);
                clog(LOG_LEVEL.ERROR, "设置mqtt参数失败");
                return 0;
            }
            if (tls) return lauxlib.luaL_error(L, S("mqtt.create with TLS is not simulated")) as number;
            let connTimeoutS = 30;
            if (lua.lua_istable(L, 5)) {
                if (lua.lua_getfield(L, 5, S("conn_timeout")) === lua.LUA_TNUMBER) {
                    connTimeoutS = Math.min(120, Math.max(5, Math.trunc(lauxlib.luaL_checknumber(L, -1) as number)));
                }
                lua.lua_pop(L, 1);
            }
            const c: Client = {
                adapter: index,
                released: false,
                state: MQTT_STATE.DISCONNECT,
                errorState: 0,
                host,
                port,
                clientId: "",
                username: "",
                password: "",
                cleanSession: false,
                keepalive: 240,
                will: undefined,
                seq: 0,
                cbRef: 0,
                selfRef: 0,
                reconnect: false,
                reconnectMs: 0,
                connTimeoutS,
                socketId: -1,
                tag: nextTag++,
                stream: undefined,
                connected: false,
                connection: undefined,
                wait: RESULT.EVENT,
                rx: [],
                reader: new PacketReader(),
                netc: (nextNetc += 0x1000).toString(16).toUpperCase().padStart(16, "0"),
                pingTimer: undefined,
                connTimer: undefined,
                reconnectTimer: undefined,
            };
            ud.client = c;
            clients.push(c);
            lauxlib.luaL_setmetatable(L, S(MQTTCTRL));
            lua.lua_pushvalue(L, -1);
            c.selfRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
            return 1;
        },
        auth: method((L, c) => {
            const text = (index: number) => cString((lauxlib.luaL_optlstring(L, index, S("")) as Uint8Array) ?? new Uint8Array(0));
            const clientId = text(2);
            const username = text(3);
            const password = text(4);
            const clean = !(lua.lua_isboolean(L, 5) && !lua.lua_toboolean(L, 5));
            if (clientId.length >= LIMITS.clientId) return clog(LOG_LEVEL.ERROR, "mqtt client_id 太长或者无效!!!!"), 0;
            if (username.length >= LIMITS.username) return clog(LOG_LEVEL.ERROR, "mqtt username 太长或者无效!!!!"), 0;
            if (password.length >= LIMITS.password) return clog(LOG_LEVEL.ERROR, "mqtt password 太长或者无效!!!!"), 0;
            c.clientId = textOf(clientId);
            c.username = textOf(username);
            c.password = textOf(password);
            c.seq = 1;
            c.cleanSession = clean;
            lua.lua_pushboolean(L, true);
            return 1;
        }),
        keepalive: method((L, c) => {
            const s = lauxlib.luaL_optinteger(L, 2, 240) as number;
            c.keepalive = Math.min(600, Math.max(15, s));
            return 0;
        }),
        on: method((L, c) => {
            if (c.cbRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c.cbRef);
            c.cbRef = 0;
            if (lua.lua_isfunction(L, 2)) {
                lua.lua_pushvalue(L, 2);
                c.cbRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
            }
            return 0;
        }),
        connect: method((L, c) => {
            if (connect(c) !== 0) {
                clog(LOG_LEVEL.ERROR, "socket connect ret=-1\n");
                closeSocket(c);
                lua.lua_pushboolean(L, false);
                return 1;
            }
            lua.lua_pushboolean(L, true);
            return 1;
        }, true),
        autoreconn: method((L, c) => {
            if (lua.lua_isboolean(L, 2)) c.reconnect = lua.lua_toboolean(L, 2);
            c.reconnectMs = lauxlib.luaL_optinteger(L, 3, 3000) as number;
            if (c.reconnect && c.reconnectMs < 1000) c.reconnectMs = 1000;
            return 0;
        }),
        publish: method((L, c) => {
            const topic = cString((lauxlib.luaL_checklstring(L, 2) as Uint8Array).slice());
            const payload = payloadAt(L, 3);
            const qos = (lauxlib.luaL_optinteger(L, 4, 0) as number) & 0xff;
            const retain = (lauxlib.luaL_optinteger(L, 5, 0) as number) & 0xff;
            // Only QoS 1 and 2 carry (and use up) a packet id (libemqtt.c:360).
            const id = qos === 1 || qos === 2 ? nextSeq(c) : 0;
            const packet = encodePublish({ topic, payload, qos: qos === 1 || qos === 2 ? qos : 0, retain: retain !== 0, dup: false, packetId: id });
            if (!sendPacket(c, packet)) return 0;
            if (qos === 0) post(c, { kind: "sent", id: 0 });
            lua.lua_pushinteger(L, id);
            return 1;
        }, true),
        subscribe: method((L, c) => {
            const topics: [Uint8Array, number][] = [];
            if (lua.lua_isstring(L, 2)) topics.push([(lauxlib.luaL_checklstring(L, 2) as Uint8Array).slice(), lauxlib.luaL_optinteger(L, 3, 0) as number]);
            else if (lua.lua_istable(L, 2)) {
                // A map topic → qos, in the order of next (luat_lib_mqtt.c:305).
                lua.lua_pushnil(L);
                while (lua.lua_next(L, 2) !== 0) {
                    lua.lua_pushvalue(L, -2);
                    const topic = ((lua.lua_tolstring(L, -1) as Uint8Array | null) ?? new Uint8Array(0)).slice();
                    lua.lua_pop(L, 1);
                    topics.push([topic, lauxlib.luaL_optinteger(L, -1, 0) as number]);
                    lua.lua_pop(L, 1);
                }
            }
            return sendEach(L, c, topics, (id, topic, qos) => encodeSubscribe(id, [{ topic, qos: qos & 0xff }]));
        }, true),
        unsubscribe: method((L, c) => {
            const topics: [Uint8Array, number][] = [];
            if (lua.lua_isstring(L, 2)) topics.push([(lauxlib.luaL_checklstring(L, 2) as Uint8Array).slice(), 0]);
            else if (lua.lua_istable(L, 2)) {
                const count = lua.lua_rawlen(L, 2) as number;
                for (let i = 1; i <= count; i += 1) {
                    lua.lua_geti(L, 2, i);
                    topics.push([(lauxlib.luaL_checklstring(L, -1) as Uint8Array).slice(), 0]);
                    lua.lua_pop(L, 1);
                }
            }
            return sendEach(L, c, topics, (id, topic) => encodeUnsubscribe(id, [topic]));
        }, true),
        disconnect: method((L, c) => {
            sendPacket(c, encodeEmpty(PACKET.DISCONNECT));
            closeSocket(c);
            lua.lua_pushboolean(L, true);
            return 1;
        }, true),
        close: method((L, c) => {
            sendPacket(c, encodeEmpty(PACKET.DISCONNECT));
            closeSocket(c);
            if (c.cbRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, c.cbRef);
            c.cbRef = 0;
            // luat_mqtt_release_socket: the registry keeps the userdata until the RELEASE message runs.
            post(c, { kind: "release" });
            stopTimers(c, ["ping", "conn", "reconnect"]);
            c.will = undefined;
            c.released = true;
            c.tag = nextTag++;
            const index = clients.indexOf(c);
            if (index >= 0) clients.splice(index, 1);
            return 0;
        }, true),
        ready: method((L, c) => {
            lua.lua_pushboolean(L, c.state === MQTT_STATE.READY);
            return 1;
        }),
        will: method((L, c) => {
            const topic = cString((lauxlib.luaL_checklstring(L, 2) as Uint8Array).slice());
            const payload = (lauxlib.luaL_checklstring(L, 3) as Uint8Array).slice();
            const qos = lauxlib.luaL_optinteger(L, 4, 0) as number;
            const retain = lauxlib.luaL_optinteger(L, 5, 0) as number;
            // luat_mqtt_set_will: false once close() freed the netc.
            if (c.released) {
                lua.lua_pushboolean(L, false);
                return 1;
            }
            // mqtt_set_will (libemqtt.c:671): a QoS above 2 becomes 0; the retain flag is any non-zero value.
            c.will = { topic, payload, qos: (qos & 0xff) > 2 ? 0 : qos & 0xff, retain: retain !== 0 };
            lua.lua_pushboolean(L, true);
            return 1;
        }),
        debug: method(() => 0, true),
        state: method((L, c) => {
            lua.lua_pushinteger(L, c.state);
            return 1;
        }),
    };

    const constantAsMethod = (key: string): JsFunction => L => lauxlib.luaL_error(L, S(`mqtt client's ${key} is a constant read as a function (the firmware would crash)`)) as number;
    // The client's methods: its metatable's __index looks names up in the module's array (luat_lib_mqtt.c:829).
    lauxlib.luaL_newmetatable(L0, S(MQTTCTRL));
    lua.lua_pushcfunction(L0, (L: LuaState) => {
        const key = textOf(lauxlib.luaL_checklstring(L, 2) as Uint8Array);
        const fn = Object.prototype.hasOwnProperty.call(functions, key) ? functions[key] : undefined;
        if (fn !== undefined) lua.lua_pushcfunction(L, fn);
        // The C pushes every entry of the array as a C function, constants included (their value as a code address).
        else if (Object.prototype.hasOwnProperty.call(CONSTANTS, key)) lua.lua_pushcfunction(L, constantAsMethod(key));
        else return 0;
        return 1;
    });
    lua.lua_setfield(L0, -2, S("__index"));
    lua.lua_pop(L0, 1);

    lua.lua_createtable(L0, 0, 0);
    for (const [name, fn] of Object.entries(functions)) {
        lua.lua_pushcfunction(L0, fn);
        lua.lua_setfield(L0, -2, S(name));
    }
    for (const [name, value] of Object.entries(CONSTANTS)) {
        lua.lua_pushinteger(L0, value);
        lua.lua_setfield(L0, -2, S(name));
    }
    lua.lua_setglobal(L0, S("mqtt"));
}
