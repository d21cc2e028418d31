/**
 * netclient-compat: the 2021 LuatOS socket API ("netclient": `socket.tcp()`,
 * `so:start()`, callbacks, `NETC_END_<id>`) on today's firmware, built on
 * `socket.create`/`config`/`connect`/`tx`/`read`/`close`/`release`.
 * `require("netclient-compat")` replaces the global `socket` with a table
 * holding the 2021 members (`tcp`, `udp`, `isReady`, `ip`, `ntpSync`,
 * `tsend`) whose other members are the firmware's (the firmware's own table
 * is read-only).
 *
 * Semantics kept from the 2021 firmware (`luat_lib_socket.c`,
 * `luat_netclient_rtt.c`):
 * - `start(host?, port?)` / `connect`: 0 when the connection started, 1 on
 *   failure (already started, host of 32 bytes or more, no free ctrl), 2
 *   without host or port; port defaults to 80;
 * - callbacks get the object's integer id: `connect(id, 1)` / `connect(id, 0)`,
 *   `recv(id, data)` with at most 1024 bytes a call (a UDP datagram is cut
 *   at 1024), `error(id)` on a peer close or a failed connection;
 * - event order: connect -> recv* -> error -> `NETC_END_<hex id>`, published
 *   once with no arguments when the connection ends for any reason; a DNS
 *   failure is retried once 2 s later; a local `close()` gives no error
 *   callback (during the connect: `connect(id, 0)`), only NETC_END;
 * - `send` before the connect is buffered and sent once connected; `send("")`
 *   and `send` on a closed or never started object return false;
 * - `closed()` is `0, true` while open and `1, false` once closed or ended
 *   (the boolean means "open"); inside the last callbacks it is still `0, true`;
 * - `id()` is the lowercase hex of a counter starting at 1; `tostring(so)`
 *   is `netc[<id>] <host>,<port>,TCP|UDP Closed|Not-Closed`; `host()` and
 *   `port()` return the current values (`"_"` and 0 until set);
 * - `socket.ntpSync(server?)` returns 0 and `NTP_UPDATE` is published with no
 *   arguments when the sync ends (also after a failure);
 *   `socket.tsend(host, port, data)` connects, sends, closes; returns nothing.
 *
 * On purpose not kept: the 2021 leaks (every started object stayed in the Lua
 * heap; a failed connect kept its socket, so start() failed for good after a
 * few failures): `clean()` releases the ctrl. A `send` before the connect is
 * not limited to a 512-byte pipe and never blocks; `tsend` blocks only the
 * calling task (from the main thread it runs in the background);
 * `rebind` returns false and changes nothing; `sockid()` is -1 before start
 * and after the end, else the object's id.
 */

/** Where an object is in its single life. */
const enum Phase {
    Idle,
    Connecting,
    Online,
    Ended,
}

const RECV_CHUNK = 1024;
const MAX_HOST = 64;
const MAX_START_HOST = 32;
const DNS_RETRY_MS = 2000;
/** `socket.state` while resolving a name, kept after a failed lookup. */
const STATE_DNS = 2;

type ConnectCallback = (this: void, id: number, result: number) => void;
type RecvCallback = (this: void, id: number, data: string) => void;
type ErrorCallback = (this: void, id: number) => void;

/** One 2021 netclient object (field names differ from the method names, which live in the metatable). */
interface Netclient {
    num: number;
    hex: string;
    hostname: string;
    portNumber: number;
    udp: boolean;
    phase: Phase;
    closedFlag: number;
    dnsRetried: boolean;
    ctrl?: NetCtrl;
    /** Where `socket.rx` writes (1024 bytes, made at the first data). */
    rxBuffer?: ZBuff;
    onConnect?: ConnectCallback;
    onRecv?: RecvCallback;
    onError?: ErrorCallback;
    /** Data sent before the connect, or refused by a full adapter: sent at ON_LINE / the next TX_OK. */
    pending: string[];
}

let counter = 0;
let tsendCount = 0;

/** The objects' metatable; its methods are filled in below, once they are defined. */
const meta = {
    __index: {} as Record<string, unknown>,
    __tostring(this: Netclient): string {
        return `netc[${this.num}] ${this.hostname},${this.portNumber},${this.udp ? "UDP" : "TCP"} ${this.closedFlag !== 0 ? "Closed" : "Not-Closed"}`;
    },
};

function check(self: Netclient): Netclient {
    if (getmetatable(self) !== meta) error("bad argument #1 (netclient expected)", 3);
    return self;
}

/** The connection is over: nothing more reaches the user but NETC_END, published once. */
function finish(o: Netclient): void {
    o.phase = Phase.Ended;
    o.closedFlag = 1;
    if (o.ctrl !== undefined) socket.close(o.ctrl);
    sys.publish(`NETC_END_${o.hex}`);
}

/**
 * Reads everything pending and hands it to `recv` in pieces of at most 1024
 * bytes (a UDP datagram is one piece, cut at 1024 bytes as the 2021 firmware
 * did). Through a zbuff: `socket.read` of more than a few hundred bytes
 * crashes today's firmware (its result is pushed over the active buffer,
 * `luat_lib_socket.c:913`).
 */
function drain(o: Netclient): void {
    while (o.phase === Phase.Online && o.ctrl !== undefined) {
        if (o.rxBuffer === undefined) o.rxBuffer = zbuff.create(RECV_CHUNK);
        const buffer = o.rxBuffer;
        buffer.seek(0);
        const [ok, length] = socket.rx(o.ctrl, buffer, 0, RECV_CHUNK);
        if (!ok || length <= 0) return;
        if (o.onRecv !== undefined) o.onRecv(o.num, buffer.toStr(0, length));
    }
}

/** Hands buffered data to the adapter; what a full adapter refuses waits for the next TX_OK. */
function flush(o: Netclient): void {
    if (o.pending.length === 0 || o.ctrl === undefined) return;
    const data = table.concat(o.pending);
    o.pending = [];
    const [ok, full, refused] = socket.tx(o.ctrl, data);
    if (ok && full && refused) o.pending = [data];
}

function connectWith(o: Netclient): boolean {
    const [ok] = socket.connect(o.ctrl!, o.hostname, o.portNumber);
    return ok;
}

function onEvent(o: Netclient, event: number, param: number): void {
    if (o.phase === Phase.Connecting) {
        if (event === socket.ON_LINE && param === 0) {
            o.phase = Phase.Online;
            if (o.onConnect !== undefined) o.onConnect(o.num, 1);
            if (o.phase === Phase.Online) flush(o);
            drain(o);
        } else if (param !== 0) {
            // The 2021 firmware looked a failed name up once more, 2 s later.
            if (!o.dnsRetried && socket.state(o.ctrl!)[0] === STATE_DNS) {
                o.dnsRetried = true;
                socket.close(o.ctrl!);
                sys.timerStart(() => {
                    if (o.phase === Phase.Connecting && !connectWith(o)) onEvent(o, socket.ON_LINE, -1);
                }, DNS_RETRY_MS);
                return;
            }
            if (o.onConnect !== undefined) o.onConnect(o.num, 0);
            finish(o);
        }
        return;
    }
    if (o.phase !== Phase.Online) return;
    if (param !== 0) {
        // The event type says what the ctrl waited for, not the cause: any failure ends it, unread data first.
        drain(o);
        if (o.phase !== Phase.Online) return;
        if (o.onError !== undefined) o.onError(o.num);
        if (o.phase === Phase.Online) finish(o);
        return;
    }
    if (event === socket.TX_OK) flush(o);
    drain(o);
}

function host(this: Netclient, name?: string | number): string | number {
    const o = check(this);
    if (typeof name === "string" || typeof name === "number") {
        const text = tostring(name);
        if (text.length === 0 || text.length >= MAX_HOST) return 1;
        o.hostname = text;
    }
    return o.hostname;
}

function port(this: Netclient, value?: number): number {
    const o = check(this);
    if (value !== undefined && math.type(value) === "integer") o.portNumber = value;
    return o.portNumber;
}

function start(this: Netclient, name?: string | number, portValue?: number): number {
    const o = check(this);
    if (name === undefined) {
        if (!(o.hostname.length >= 2 && o.portNumber > 0)) return 2;
    } else {
        if (typeof name !== "string" && typeof name !== "number") error(`bad argument #1 to 'start' (string expected, got ${type(name)})`, 2);
        const text = tostring(name);
        if (text.length >= MAX_START_HOST) return 1;
        if (portValue !== undefined && math.type(portValue) !== "integer") error("bad argument #2 to 'start' (number has no integer representation)", 2);
        o.hostname = text;
        o.portNumber = portValue ?? 80;
    }
    if (o.phase !== Phase.Idle) return 1;
    if (o.closedFlag !== 0) {
        // Closed before it started: the 2021 thread ended at once.
        o.phase = Phase.Ended;
        sys.publish(`NETC_END_${o.hex}`);
        return 0;
    }
    const ctrl = socket.create(undefined, (_ctrl, event, param) => onEvent(o, event, param));
    if (ctrl === undefined) return 1;
    if (o.udp) socket.config(ctrl, undefined, true);
    else socket.config(ctrl);
    o.ctrl = ctrl;
    if (!connectWith(o)) {
        socket.release(ctrl);
        o.ctrl = undefined;
        return 1;
    }
    o.phase = Phase.Connecting;
    return 0;
}

function on(this: Netclient, event: unknown, fn: unknown): void {
    const o = check(this);
    if (typeof fn !== "function") return;
    if (event === "connect") o.onConnect = fn as ConnectCallback;
    else if (event === "recv") o.onRecv = fn as RecvCallback;
    else if (event === "error") o.onError = fn as ErrorCallback;
}

function send(this: Netclient, data: string | number, _flags?: number): boolean {
    const o = check(this);
    if (typeof data !== "string" && typeof data !== "number") error(`bad argument #1 to 'send' (string expected, got ${type(data)})`, 2);
    const text = tostring(data);
    if (text.length === 0) return false;
    if (o.phase === Phase.Connecting) {
        o.pending.push(text);
        return true;
    }
    if (o.phase !== Phase.Online || o.ctrl === undefined) return false;
    if (o.pending.length > 0) {
        o.pending.push(text);
        return true;
    }
    const [ok, full, refused] = socket.tx(o.ctrl, text);
    if (ok && full && refused) o.pending.push(text);
    return ok;
}

function close(this: Netclient): void {
    const o = check(this);
    if (o.closedFlag !== 0) return;
    const phase = o.phase;
    o.closedFlag = 1;
    if (phase === Phase.Idle) return;
    o.phase = Phase.Ended;
    if (o.ctrl !== undefined) socket.close(o.ctrl);
    if (phase === Phase.Connecting) {
        // As in 2021 the pending connect still reports (as failed), after close() returned.
        const topic = `NETC_CLOSING_${o.hex}`;
        const later = () => {
            sys.unsubscribe(topic, later);
            if (o.onConnect !== undefined) o.onConnect(o.num, 0);
            sys.publish(`NETC_END_${o.hex}`);
        };
        sys.subscribe(topic, later);
        sys.publish(topic);
        return;
    }
    sys.publish(`NETC_END_${o.hex}`);
}

function clean(this: Netclient): void {
    const o = check(this);
    if (o.closedFlag === 0) close.call(o);
    o.onConnect = undefined;
    o.onRecv = undefined;
    o.onError = undefined;
    if (o.ctrl !== undefined) {
        socket.release(o.ctrl);
        o.ctrl = undefined;
    }
    o.rxBuffer = undefined;
}

function closed(this: Netclient): LuaMultiReturn<[number, boolean]> {
    const o = check(this);
    return $multi(o.closedFlag, o.closedFlag === 0);
}

function id(this: Netclient): string {
    return check(this).hex;
}

function sockid(this: Netclient): number {
    const o = check(this);
    return o.phase === Phase.Connecting || o.phase === Phase.Online ? o.num : -1;
}

function rebind(this: Netclient, _sockid?: number): boolean {
    check(this);
    return false;
}

meta.__index = { host, port, start, connect: start, on, send, close, clean, closed, id, sockid, rebind };

function create(udp: boolean): Netclient {
    counter += 1;
    const o: Netclient = {
        num: counter,
        hex: string.format("%x", counter),
        hostname: "_",
        portNumber: 0,
        udp,
        phase: Phase.Idle,
        closedFlag: 0,
        dnsRetried: false,
        pending: [],
    };
    return setmetatable(o, meta) as Netclient;
}

/** A new TCP netclient. */
export function tcp(this: void): Netclient {
    return create(false);
}

/** A new UDP netclient ("connected UDP": one peer). */
export function udp(this: void): Netclient {
    return create(true);
}

/** `true` when the default adapter is up. */
export function isReady(this: void): boolean {
    const [up] = socket.adapter(socket.dft());
    return up;
}

/** The device's IP as a dotted quad, or nothing when the network is not up. */
export function ip(this: void): string | undefined {
    if (!isReady()) return undefined;
    const [address] = socket.localIP();
    return address;
}

/** Syncs started by ntpSync whose end has not been published yet. */
let ntpPending = 0;
let firmwarePublish: ((this: void, topic: string, ...args: unknown[]) => void) | undefined;

/** Rewrites the firmware's NTP results (`NTP_UPDATE, 0` / `NTP_ERROR`) into the 2021 `NTP_UPDATE` without arguments. */
function publishNtp(this: void, topic: string, ...args: unknown[]): void {
    if (ntpPending > 0 && (topic === "NTP_UPDATE" || topic === "NTP_ERROR")) {
        ntpPending -= 1;
        firmwarePublish!("NTP_UPDATE");
        return;
    }
    firmwarePublish!(topic, ...args);
}

/** Starts an NTP sync (default server ntp1.aliyun.com); returns 0. `NTP_UPDATE` follows with no arguments. */
export function ntpSync(this: void, server?: string): number {
    if (firmwarePublish === undefined || sys_pub !== publishNtp) {
        firmwarePublish = sys_pub;
        sys_pub = publishNtp;
    }
    ntpPending += 1;
    socket.sntp(server ?? "ntp1.aliyun.com");
    return 0;
}

/** Connects, sends, closes; failures are silent. Blocks the calling task until done; from the main thread it runs in the background. */
export function tsend(this: void, hostName: string, portValue: number, data: string): void {
    if (typeof hostName !== "string") error(`bad argument #1 to 'tsend' (string expected, got ${type(hostName)})`, 2);
    if (math.type(portValue) !== "integer") error("bad argument #2 to 'tsend' (number has no integer representation)", 2);
    if (typeof data !== "string" && typeof data !== "number") error(`bad argument #3 to 'tsend' (string expected, got ${type(data)})`, 2);
    tsendCount += 1;
    const name = `NETC_TSEND_${tsendCount}`;
    const text = tostring(data);
    sys.taskInitEx(
        () => {
            const ctrl = socket.create(undefined, name);
            if (ctrl !== undefined) {
                socket.config(ctrl);
                const [ok] = socket.connect(ctrl, hostName, portValue);
                const online = ok && succeededMessage(sysplus.waitMsg(name, socket.ON_LINE, 30000));
                if (online && socket.tx(ctrl, text)[0]) sysplus.waitMsg(name, socket.TX_OK, 30000);
                socket.close(ctrl);
                socket.release(ctrl);
            }
            sys.taskDel(name);
            sys.publish(name);
        },
        name,
    );
    const [, isMain] = coroutine.running();
    if (!isMain) sys.waitUntil(name);
}

function succeededMessage(message: TaskMessage | false | undefined): boolean {
    return message !== undefined && message !== false && message.get(2) === 0;
}

// The firmware's socket table is read-only (a rotable in ROM): the global
// becomes a table with the 2021 members that falls back to it for the rest.
// eslint-disable-next-line luatos-ts/no-unverified-blocking -- tsend waits only when coroutine.running() says its caller is a task
const compatSocket = { tcp, udp, isReady, ip, ntpSync, tsend };
setmetatable(compatSocket, { __index: socket as object });
(_G as unknown as LuaTable<string, unknown>).set("socket", compatSocket);
