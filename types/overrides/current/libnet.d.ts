/**
 * `libnet`: blocking helpers over the socket API, a Lua library
 * (`script/libs/libnet.lua`). It is **not** built into the firmware: put
 * `libnet.lua` into the script image yourself, and import it:
 * `import * as libnet from "libnet"` (compiles to `require("libnet")`).
 *
 * Every function waits with `sys.waitMsg(taskName, ...)`: call them only in
 * a task made with `sys.taskInitEx(fn, taskName)`, and create the ctrl with
 * `socket.create(adapter, taskName)` so its events reach that task.
 */
declare module "libnet" {
    /**
     * 阻塞等待网卡的网络连接上 — Wait until the adapter is up.
     * @param timeout milliseconds; 0 or `undefined` waits for ever.
     * @returns `true` when up; `false` on failure or timeout.
     */
    export function waitLink(this: void, taskName: string, timeout: number | undefined, ctrl: socket.CtrlRef): boolean;

    /**
     * 阻塞等待IP或者域名连接上 — Connect and wait for the outcome (and the TLS
     * handshake); the arguments after `timeout` are {@link socket.connect}'s.
     * @returns `true` when connected; `false` on failure or timeout.
     */
    export function connect(this: void, taskName: string, timeout: number | undefined, ctrl: socket.CtrlRef, host: string | number, port: number, ipv6Dns?: boolean): boolean;

    /**
     * 阻塞等待客户端连接上 — Listen and wait for a client; the arguments
     * after `timeout` are {@link socket.listen}'s.
     */
    export function listen(this: void, taskName: string, timeout: number | undefined, ctrl: socket.CtrlRef, maxClients?: number): boolean;

    /**
     * 阻塞等待数据发送完成 — Send and wait for {@link socket.TX_OK}; the
     * arguments after `timeout` are {@link socket.tx}'s.
     * @returns `ok` and `full` (not everything was taken).
     */
    export function tx(this: void, taskName: string, timeout: number | undefined, ctrl: socket.CtrlRef, data: string | zbuff.ZBuff, ip?: string | number, port?: number, flag?: number): LuaMultiReturn<[ok: boolean, full: boolean]>;

    /**
     * 等待新的数据到达 — Wait for data.
     * @returns `ok` (`false`: the connection is dead) and `gotEvent`
     *   (`false` on timeout).
     */
    export function wait(this: void, taskName: string, timeout: number | undefined, ctrl: socket.CtrlRef): LuaMultiReturn<[ok: boolean, gotEvent: boolean]>;

    /** 主动断开连接 — Disconnect, wait for {@link socket.CLOSED}, then close the ctrl. */
    export function close(this: void, taskName: string, timeout: number | undefined, ctrl: socket.CtrlRef): void;
}
