/**
 * `socket`: the 2021 LuatOS network client ("netclient"), in C.
 *
 * socket操作库. Types follow the firmware (LuatOS, March 2021, RT-Thread
 * backend of Air640W); where the 2021 document differs, the JSDoc says
 * "The document says ...".
 *
 * A netclient object is single use: make it, configure it, `start()` it,
 * wait for `"NETC_END_" + so.id()`, then `clean()` it. To reconnect, make a
 * new one.
 */
declare namespace socket {
    /**
     * What `so:start()` returns. **0 means the connection thread started**;
     * 1 failure (including a host name of 32 bytes or more); 2 no host or
     * port given or configured.
     */
    type StartResult = 0 | 1 | 2;

    /**
     * The `result` of the `"connect"` callback: the integer 1 on success, 0 on
     * failure. **Both are truthy in Lua**: compare with `=== 1`.
     */
    type ConnectResult = 0 | 1;

    /** What `socket.ntpSync` returns: 0 the sync thread started; 1 or 2 it did not. */
    type NtpSyncResult = 0 | 1 | 2;

    /** The events `so:on` accepts. Any other name is ignored by the firmware. */
    type Event = "connect" | "recv" | "error";

    /**
     * `"connect"` callback: the connection attempt finished.
     * @param id the object's **integer** id (the document implies the hex
     *   string of `so:id()`; the firmware passes the number).
     * @param result 1 connected, 0 failed. Both are truthy in Lua.
     */
    type ConnectCallback = (this: void, id: number, result: ConnectResult) => void;

    /**
     * `"recv"` callback: data arrived.
     * @param id the object's integer id.
     * @param data at most 1024 bytes per call, binary safe; a longer stream
     *   arrives in several calls.
     */
    type RecvCallback = (this: void, id: number, data: string) => void;

    /**
     * `"error"` callback: the peer closed the connection or a receive failed.
     * There is no second argument.
     * @param id the object's integer id.
     */
    type ErrorCallback = (this: void, id: number) => void;

    /**
     * A netclient object from {@link socket.tcp} or {@link socket.udp}.
     *
     * `tostring(so)` gives `netc[<id>] <host>,<port>,TCP|UDP Closed|Not-Closed`.
     */
    interface Netclient {
        /** The configured host: `"_"` until one is set. */
        host(): string;
        /**
         * 设置服务器域名或ip — Set the server's host name or IP and return it.
         * An empty name or one of 64 bytes or more is refused: the firmware
         * logs an error and returns 1 (luat_lib_socket.c, netc_host). `start`
         * fails for a host name of 32 bytes or more.
         */
        host(host: string): string | 1;

        /** The configured port: 0 until one is set. */
        port(): number;
        /**
         * 设置服务器端口 — Set the server port and return the port now set.
         * Only a Lua integer is taken: `"80"` or `80.0` leave the old port
         * (the C test is `lua_isinteger`). `start(host)` defaults it to 80.
         */
        port(port: number): number;

        /**
         * 启动socket线程 — Start the connection thread. DNS and the connect
         * happen later, in that thread; the `"connect"` callback reports the
         * result, and `"NETC_END_" + so.id()` is published when it ends.
         *
         * **The document says 1 is success and 0 failure. The firmware returns
         * 0 when the thread started**, 1 on failure (including a host name of
         * 32 bytes or more), 2 when no host or port was given or configured.
         * The document was corrected in 2021-08.
         *
         * A failed connect (refused, DNS) leaves the connection's socket and
         * pipe open (luat_netclient_rtt.c:375-411 skip the cleanup): each
         * start uses 3 of RT-Thread's 16 descriptors, so after five failures
         * every `start()` returns 1 until reboot. `start()` on a running
         * object fails and tears its connection down.
         * @param host 服务器域名或ip — host; optional when set with `so.host`.
         * @param port 服务器端口 — port; optional when set with `so.port`.
         */
        start(host?: string, port?: number): StartResult;

        /** Alias of {@link Netclient.start}: returns 0 when the thread started. */
        connect(host?: string, port?: number): StartResult;

        /**
         * 关闭socket对象 — Close the connection: no `"error"` callback follows,
         * only `"NETC_END_" + id`; `closed()` is `(1, false)` when it returns.
         * A close before the connect finished does not stop the connect: its
         * callback still comes. After a failed connect it does nothing (the
         * object is already marked closed). Nothing stops a later `start()`
         * from connecting again, but that connection ends at its first send
         * (the closed flag is never reset): treat objects as single use.
         */
        close(): void;

        /**
         * 通过socket对象发送数据 — Send data.
         *
         * Data sent before the connection completes is buffered (512 bytes)
         * and forwarded in chunks of up to 1024 bytes. A send that does not
         * fit in the 512-byte pipe blocks the whole Lua VM until the
         * connection thread drains it. After a **failed** connect nothing
         * drains it: sends return true until 512 bytes are queued, and the
         * one that overflows blocks the VM for good (luat_netclient_rtt.c).
         * @param data 待发送数据 — the data; binary safe.
         * @param flags 底层相关 — passed to the modem; on NB-IoT, 2 (RAI) means
         *   "this was the last packet", so the module sleeps sooner.
         * @returns `true` when the data was queued in full; `false` for empty
         *   data or a closed connection (the firmware logs "socket is closed!!!").
         */
        send(data: string, flags?: number): boolean;

        /**
         * 获取socket对象的id — The object's id: a lowercase hex string of a global
         * counter that starts at 1 (`"1"` ... `"9"`, `"a"`, ...), unique per
         * object. The callbacks get the same counter as an integer.
         */
        id(): string;

        /**
         * 清理socket关联的资源 — Close if needed and release the three
         * callbacks. Must be called before dropping the object, else the
         * callbacks leak. Even so, **every started object stays in the Lua
         * heap until reboot** (about 170 bytes): `start` takes a registry
         * reference that the end handler never releases (luat_lib_socket.c:93
         * passes `luaL_unref` its arguments swapped). A firmware that makes an
         * object per connection or per datagram runs out of heap.
         */
        clean(): void;

        /**
         * 设置socket的事件回调 — Set the callback for an event. Callbacks run on
         * the main thread, inside `rtos.receive`, not in a task: they must not
         * wait. An event with no callback is dropped.
         *
         * The document does not list the events; the firmware has only
         * `"connect"`, `"recv"` and `"error"`.
         */
        on(event: "connect", fn: ConnectCallback): void;
        /** Set the `"recv"` callback: `(id, data)`, data at most 1024 bytes a call. */
        on(event: "recv", fn: RecvCallback): void;
        /** Set the `"error"` callback: `(id)`, peer closed or receive failed. */
        on(event: "error", fn: ErrorCallback): void;

        /**
         * socket是否已经断开? — Whether the connection is closed.
         * @returns `closedInt, open`: 1 closed / 0 open, then a boolean that is
         *   **true while the socket is open** (`closedInt == 0`). The document
         *   says the boolean is true when closed; the firmware does the opposite.
         */
        closed(): LuaMultiReturn<[closed: 0, open: true]> | LuaMultiReturn<[closed: 1, open: false]>;

        /**
         * 为netclient绑定socket id — Bind an existing modem socket id (NB-IoT,
         * after deep sleep). Returns false on modules without it (RT-Thread).
         * @param sockid socket的id — the modem socket id.
         */
        rebind(sockid: number): boolean;

        /** 获取底层socket id — The underlying socket id; -1 before `start`. */
        sockid(): number;
    }

    /**
     * ntp时间同步 — Start an NTP sync in the background.
     *
     * When it finishes, the firmware publishes `"NTP_UPDATE"` **with no
     * arguments** (the document's example reads a result that never comes);
     * on success the clock behind `os.time()` and `os.date()` is set to
     * **UTC+8** (RT-Thread netutils adds its time zone, 8 hours on the
     * Air640W), so `os.date()` reads Beijing time. A server that does not
     * answer ends the sync after 5 s (`[E/ntp] Receive the socket from server
     * timeout (5S).`), a name that does not resolve at once.
     * @param server ntp服务器域名 — the server, default `"ntp1.aliyun.com"`.
     * @returns 0 when the sync started; 1 or 2 when it could not start.
     */
    function ntpSync(this: void, server?: string): NtpSyncResult;

    /**
     * 直接向地址发送一段数据 — Blocking one-shot TCP: connect, send `data`,
     * close, all on the Lua thread. Returns nothing; failures print console
     * lines (`Socket error`, `Connect fail!`, `send error,close the socket.`).
     * **A host name that does not resolve crashes the device**: the C code
     * dereferences the NULL lookup result (luat_socket_rtt.c:86).
     * @param host 服务器域名或者ip — host name or IP.
     * @param port 服务器端口号 — port.
     * @param data 待发送的数据 — the data.
     */
    function tsend(this: void, host: string, port: number, data: string): void;

    /** 网络是否就绪 — `true` when the network interface is up. */
    function isReady(this: void): boolean;

    /**
     * 获取自身ip,通常是内网ip — The device's IP as a dotted quad, or
     * `undefined` when there is no address.
     */
    function ip(this: void): string | undefined;

    /**
     * 新建一个tcp socket — A new TCP netclient. The document says it returns
     * nil when creation fails; the firmware never does (running out of
     * memory raises "not enough memory" instead: `luat_lib_socket_new` in
     * luat_lib_socket.c uses `lua_newuserdata`), so the type has no `undefined`. The document's
     * `if so then` check still compiles (`if (so) { ... }`); it is always true.
     * @example
     * const so = socket.tcp()
     * so.host("example.com"); so.port(80); ...
     */
    function tcp(this: void): Netclient;

    /**
     * 新建一个udp socket — A new UDP netclient (connected UDP: one peer).
     * Never nil on the firmware (out of memory raises; see {@link socket.tcp}). Datagrams leave in pipe-sized pieces
     * (a 600-byte send is two datagrams, 512 + 88); sends to a closed port
     * produce no event.
     *
     * The document says UDP is not supported and returns nothing; the
     * RT-Thread firmware supports it.
     */
    function udp(this: void): Netclient;
}
