/**
 * `socket`: the current LuatOS network API (`components/network/adapter/luat_lib_socket.c`).
 *
 * A connection is a "network ctrl" made by {@link socket.create}; every
 * outcome (connected, data, sent, closed) arrives later as an event, to a
 * callback or as a message to a task ({@link sys.taskInitEx}).
 * The 2021 netclient (`socket.tcp()`, `so:on()`) does not exist any more.
 */
declare namespace socket {
    /**
     * A network ctrl (userdata `"NWCTRL*"`). Keep a reference while the
     * connection should live: its `__gc` is {@link socket.release}
     * (`luat_lib_socket.c:177`).
     */
    interface Ctrl {
        readonly __socketCtrl: unique symbol;
    }

    /**
     * What socket functions accept as a ctrl: the ctrl itself, or the light
     * userdata a callback receives, which points at the same memory
     * (`l_get_ctrl`, `luat_lib_socket.c:164`).
     */
    type CtrlRef = Ctrl | LuaUserdata;

    /** Event ids of socket events (`luat_lib_socket.c:1508`-`:1516`). */
    type Event = typeof LINK | typeof ON_LINE | typeof TX_OK | typeof CLOSED | typeof EVENT;

    /**
     * 事件回调 — The event callback given to {@link socket.create}.
     * Runs on the main thread inside `rtos.receive` (not in a task: it must
     * not wait), and can still run for a ctrl that was closed.
     * @param ctrl a light userdata pointing at the ctrl (not `===` to it;
     *   the comment at `luat_lib_socket.c:218` calls it the ctrl).
     * @param event which wait ended: chosen by what the ctrl was waiting for,
     *   not by what happened (`luat_network_adapter.c:1084`).
     * @param param 0 success; any other value means the connection is dead.
     */
    type Callback = (this: void, ctrl: LuaUserdata, event: Event, param: number) => void;

    /** `link up` result, after {@link socket.linkup} (0x2000010). */
    const LINK: 33554448;
    /** Connect or listen result (0x2000011): param 0 connected, -1 failed (also a DNS failure). */
    const ON_LINE: 33554449;
    /** Everything sent so far is out (0x2000012); one event for several quick `tx` calls. */
    const TX_OK: 33554450;
    /** {@link socket.discon} finished (0x2000013). */
    const CLOSED: 33554451;
    /** New data, or (param -1) the peer closed while nothing was pending (0x2000014). */
    const EVENT: 33554452;

    /** Adapter index: cellular (`luat_network_adapter.h:92`). */
    const LWIP_GP: 1;
    /** Adapter index: Wi-Fi station. */
    const LWIP_STA: 2;
    /** Adapter index: Wi-Fi access point. */
    const LWIP_AP: 3;
    /** Adapter index: Ethernet through lwIP. */
    const LWIP_ETH: 4;
    /** Adapter index: SPI network. */
    const LWIP_SPI: 5;
    /** Adapter index: cellular gateway. */
    const LWIP_GP_GW: 15;
    /** Adapter index: USB network. */
    const LWIP_USB: 16;
    /**
     * 硬件协议栈以太网 — Adapter index 17: hardware-stack Ethernet, where the
     * PC build's POSIX adapter registers. The annotation (`luat_lib_socket.c:1497`)
     * says 5; the adapter table gives 17 (`luat_network_adapter.h:92`-`:113`).
     */
    const ETH0: 17;

    /**
     * 申请一个socket — Make a network ctrl.
     *
     * Without {@link socket.config} the ctrl is UDP (`network_init_ctrl`
     * zeroes `is_tcp`, `luat_network_adapter.c:1493`): configure it before
     * connecting.
     * @param adapter 适配器序号 — adapter index; default {@link socket.dft}().
     * @param cbOrTaskName a function: called for every event; a string (or
     *   number): the name of a task made with `sys.taskInitEx`, which gets
     *   `{event, param}` messages through `sys.sendMsg`; anything else:
     *   events are published as `"NWCTRL*"` topics (`luat_lib_socket.c:139`).
     * @returns the ctrl; `undefined` for an adapter out of range or no free ctrl.
     * @example const ctrl = socket.create(undefined, "mytask")
     */
    function create(this: void, adapter?: number, cbOrTaskName?: Callback | string | number): Ctrl | undefined;

    /**
     * 配置network — Configure a ctrl (`luat_lib_socket.c:316`).
     *
     * `isUdp`/`isTls` count only when they are booleans. `keepIdle` turns
     * keep-alive on when non-zero (its low 8 bits), interval and count are
     * truncated to 8 bits.
     * @returns `false` only when a TLS certificate or key cannot be parsed (or TLS is not built in).
     * @example socket.config(ctrl, undefined, undefined, undefined, 300, 10, 3) // TCP with keep-alive
     */
    function config(this: void, ctrl: CtrlRef, localPort?: number, isUdp?: boolean, isTls?: boolean, keepIdle?: number, keepIntvl?: number, keepCnt?: number,
        serverCert?: string, clientCert?: string, clientKey?: string, clientPassword?: string): boolean;

    /**
     * 连接服务器 — Start connecting (`luat_lib_socket.c:486`).
     *
     * The outcome always comes later as {@link ON_LINE} with param 0 or -1:
     * for Lua ctrls the second result is never `true` (`luat_network_adapter.c:2233`).
     * After a failed connect, {@link socket.close} the ctrl before connecting again.
     * @param host IP literal or host name (or an IPv4 address as an integer).
     * @returns `ok` (the connect started) and `connected` (always `false` here).
     */
    function connect(this: void, ctrl: CtrlRef, host: string | number, port: number, ipv6Dns?: boolean): LuaMultiReturn<[ok: boolean, connected: boolean]>;

    /**
     * 发送数据 — Send (`luat_lib_socket.c:599`): a string, or the bytes
     * `[0, used())` of a zbuff. {@link TX_OK} follows when it is out.
     *
     * When `ok` is `false`, do not read `full` (it is not set, `:635`).
     * Sending nothing returns `true` but no TX_OK ever comes.
     * @param ip for UDP only: the peer (default: the connected one).
     * @returns `ok`, `full` (not all of the data was taken: resend the rest after TX_OK), `done`.
     */
    function tx(this: void, ctrl: CtrlRef, data: string | zbuff.ZBuff, ip?: string | number, port?: number, flag?: number): LuaMultiReturn<[ok: boolean, full: boolean, done: boolean]>;

    /**
     * 接收数据 — Read into a zbuff, appended at `buff.used()`, the zbuff
     * growing if needed (`luat_lib_socket.c:723`). Without a zbuff: how many
     * bytes are pending.
     * @param limit the most bytes to read: the **4th** argument (`flag`, the 3rd, is ignored).
     * @returns `ok`, the byte count, and for UDP the peer: `ip` as binary
     *   (`"\0"` + 4 bytes for IPv4, `"\1"` + 16 for IPv6) and `port`.
     */
    function rx(this: void, ctrl: CtrlRef, buff?: zbuff.ZBuff, flag?: number, limit?: number): LuaMultiReturn<[ok: boolean, length: number, ip?: string, port?: number]>;

    /**
     * 读取数据 — Read pending data as a string (`luat_lib_socket.c:867`):
     * `true, data` (`""` when nothing is pending), for UDP also the binary ip
     * and the port; a single `false` on error.
     */
    function read(this: void, ctrl: CtrlRef, limit?: number): LuaMultiReturn<[ok: boolean, data?: string, ip?: string, port?: number]>;

    /**
     * 等待新的数据 — Wait for data: `true, true` when unread data is already
     * there, `true, false` when an {@link EVENT} will come, `false, false`
     * when the connection is not online (`luat_lib_socket.c:969`).
     */
    function wait(this: void, ctrl: CtrlRef): LuaMultiReturn<[ok: boolean, hasData: boolean]>;

    /**
     * 主动断开连接 — Disconnect (`luat_lib_socket.c:560`): a TCP session
     * online returns `true, false` and {@link CLOSED} follows; otherwise it is
     * closed at once, `true, true`, with no event. Unread data is lost.
     */
    function discon(this: void, ctrl: CtrlRef): LuaMultiReturn<[ok: boolean, closed: boolean]>;

    /**
     * 强制关闭socket — Force close (`luat_lib_socket.c:576`). No event is
     * promised, a stale one may still arrive; {@link socket.state} keeps its
     * old value. The ctrl can connect again.
     */
    function close(this: void, ctrl: CtrlRef): void;

    /**
     * 主动释放掉network_ctrl — Close and free the ctrl (`luat_lib_socket.c:1154`).
     * Afterwards every function given this ctrl returns nothing at all.
     */
    function release(this: void, ctrl: CtrlRef): void;

    /**
     * 获取socket当前状态 — The state number and its description
     * (`luat_network_adapter.h:68`-`:75`): 0 硬件离线, 1 离线, 2 等待DNS,
     * 3 正在连接, 4 正在TLS握手, 5 在线, 6 在监听, 7 正在离线.
     */
    function state(this: void, ctrl: CtrlRef): LuaMultiReturn<[state: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7, description: string]>;

    /** 等待网卡linkup — `true, true` when the adapter is up, else `true, false` and {@link LINK} later (`luat_lib_socket.c:451`). */
    function linkup(this: void, ctrl: CtrlRef): LuaMultiReturn<[ok: boolean, up: boolean]>;

    /**
     * 作为服务端开始监听 — Listen on the port given to {@link socket.config}
     * (0: any free port) on every address (`luat_lib_socket.c:993`).
     * Usually `true, false`, then {@link ON_LINE} 0 when a client connects;
     * `true, true` when the ctrl already listens.
     *
     * On adapters with one client per listening ctrl (the PC build, and the
     * simulator on every board) the ctrl itself becomes the connection:
     * `tx`/`rx` on it. When that client leaves ({@link EVENT} -1) the ctrl
     * stays dead; serve the next client with {@link socket.close} and
     * `listen` again.
     * @param maxClients clients waiting to be accepted (0..8, from
     *   2025-11); more than 0 on an adapter without multi-client accept
     *   fails (`false, false`).
     * @returns `false, false` when the ctrl owns a socket (it is online or
     *   its client left), the port is taken, or `maxClients` is refused.
     */
    function listen(this: void, ctrl: CtrlRef, maxClients?: number): LuaMultiReturn<[ok: boolean, done: boolean]>;

    /**
     * 作为服务端接收到一个新的客户端 — Accept (`luat_lib_socket.c:1036`).
     * With a callback or task name on an adapter that accepts several
     * clients, a new ctrl for the client. On adapters with one client per
     * listening ctrl (the PC build; the simulator) no ctrl is made, whatever
     * the second argument: `true, undefined, ip, port` with the client's
     * address once one is connected (before that, the last one seen:
     * `"0.0.0.0", 0` at first). `ip` and `port` come in lwIP builds (every
     * module and the PC build).
     */
    function accept(this: void, ctrl: CtrlRef, cbOrTaskName?: Callback | string | number): LuaMultiReturn<[ok: boolean, client: Ctrl | undefined, ip?: string, port?: number]>;

    /**
     * 查看网卡适配器的联网状态 — Whether an adapter is ready; without an index,
     * the first ready one (`luat_lib_socket.c:1295`).
     */
    function adapter(this: void, index?: number): LuaMultiReturn<[ready: boolean, index: number]>;

    /** 设置默认网络适配器编号 — The default adapter (set it with `index`), and the last registered one (`luat_lib_socket.c:1396`). */
    function dft(this: void, index?: number): LuaMultiReturn<[defaultIndex: number, lastRegistered: number]>;

    /**
     * 获取本地ip — The adapter's IP, netmask, gateway and (in lwIP builds,
     * `luat_lib_socket.c:81`-`:95`) IPv6 address: four values, nothing when
     * not ready.
     */
    function localIP(this: void, adapter?: number): LuaMultiReturn<[ip?: string, netmask?: string, gateway?: string, ipv6?: string]>;

    /** 获取对端ip — Up to four addresses from DNS; all `undefined` after connecting to an IP literal (`luat_lib_socket.c:1335`). */
    function remoteIP(this: void, ctrl: CtrlRef): LuaMultiReturn<[ip1?: string, ip2?: string, ip3?: string, ip4?: string]>;
}
