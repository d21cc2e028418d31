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
        /**
         * 设置服务器域名或ip — Set the server's host name or IP (up to 63
         * bytes; `start` fails for a host name of 32 bytes or more).
         */
        host(host: string): void;

        /** 设置服务器端口 — Set the server port (default 80). */
        port(port: number): void;

        /**
         * 启动socket线程 — Start the connection thread. DNS and the connect
         * happen later, in that thread; the `"connect"` callback reports the
         * result, and `"NETC_END_" + so.id()` is published when it ends.
         *
         * **The document says 1 is success and 0 failure. The firmware returns
         * 0 when the thread started**, 1 on failure (including a host name of
         * 32 bytes or more), 2 when no host or port was given or configured.
         * The document was corrected in 2021-08.
         * @param host 服务器域名或ip — host; optional when set with `so.host`.
         * @param port 服务器端口 — port; optional when set with `so.port`.
         */
        start(host?: string, port?: number): StartResult;

        /** Alias of {@link Netclient.start}: returns 0 when the thread started. */
        connect(host?: string, port?: number): StartResult;

        /** 关闭socket对象 — Close the connection. The object cannot be started again. */
        close(): void;

        /**
         * 通过socket对象发送数据 — Send data.
         *
         * Data sent before the connection completes is buffered (512 bytes)
         * and forwarded in chunks of up to 1024 bytes.
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
         * callbacks leak.
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
     * on success the clock behind `os.time()` and `os.date()` is set.
     * @param server ntp服务器域名 — the server, default `"ntp1.aliyun.com"`.
     * @returns 0 when the sync started; 1 or 2 when it could not start.
     */
    function ntpSync(this: void, server?: string): NtpSyncResult;

    /**
     * 直接向地址发送一段数据 — Blocking one-shot TCP: connect, send `data`,
     * close. Returns nothing; failures are silent.
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
     * 新建一个tcp socket — A new TCP netclient, or `undefined` when out of
     * memory.
     * @example
     * const so = socket.tcp()
     * if (so !== undefined) { so.host("example.com"); so.port(80); ... }
     */
    function tcp(this: void): Netclient | undefined;

    /**
     * 新建一个udp socket — A new UDP netclient (connected UDP: one peer), or
     * `undefined` when out of memory.
     *
     * The document says UDP is not supported and returns nothing; the
     * RT-Thread firmware supports it.
     */
    function udp(this: void): Netclient | undefined;
}
