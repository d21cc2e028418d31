/**
 * libnet: blocking calls over today's asynchronous `socket` API, for code
 * running in a task made by `sys.taskInitEx(fn, taskName, ...)` (sysplus):
 * each call starts the socket operation, then waits in `sysplus.waitMsg`
 * for the event the ctrl (created with that task name) reports.
 *
 * The API and return values are those of LuatOS's own libnet
 * (`script/libs/libnet.lua`), which today's firmware does not embed:
 * - `waitLink(taskName, timeout, ...)` / `connect(taskName, timeout, ctrl, host, port, ...)`
 *   / `listen(taskName, timeout, ctrl, ...)` -> `true` when the link / the
 *   connection is up (event param 0), `false` on failure or timeout;
 * - `tx(taskName, timeout, ctrl, data, ...)` -> `ok, full`: `true, true` when
 *   the adapter's buffer is full (nothing waited for), `true, false` after
 *   TX_OK 0, `false, full` on failure or timeout;
 * - `wait(taskName, timeout, ctrl)` -> `ok, event`: `true, true` when data or
 *   an event came (or was already pending), `true, false` on timeout,
 *   `false, false` when the connection failed;
 * - `close(taskName, timeout, ctrl)` -> nothing: discon, wait for CLOSED (an
 *   online TCP ctrl only), then `socket.close`.
 * A timeout of 0 or nil waits without limit. `ping` (needs `netdrv`) is not
 * provided.
 */

/** The waited-for message reports success: a table whose param (2nd field) is 0. */
function succeeded(message: TaskMessage | false | undefined): boolean {
    return message !== undefined && message !== false && message.get(2) === 0;
}

/** Waits until the network link is up (`socket.linkup(...)`, then a LINK event). */
export function waitLink(taskName: string, timeout: number | undefined, ...args: unknown[]): boolean {
    const [ok, up] = socket.linkup(...args);
    if (!ok) return false;
    if (up) return true;
    return succeeded(sysplus.waitMsg(taskName, socket.LINK, timeout));
}

/** Connects (`socket.connect(ctrl, host, port, ...)`) and waits for ON_LINE. */
export function connect(taskName: string, timeout: number | undefined, ctrl: NetCtrl, host: string, port: number, ...args: unknown[]): boolean {
    const [ok, done] = socket.connect(ctrl, host, port, ...args);
    if (!ok) return false;
    if (done) return true;
    return succeeded(sysplus.waitMsg(taskName, socket.ON_LINE, timeout));
}

/** Listens (`socket.listen(ctrl, ...)`) and waits until a client connected (ON_LINE). */
export function listen(taskName: string, timeout: number | undefined, ctrl: NetCtrl, ...args: unknown[]): boolean {
    const [ok, done] = socket.listen(ctrl, ...args);
    if (!ok) return false;
    if (done) return true;
    return succeeded(sysplus.waitMsg(taskName, socket.ON_LINE, timeout));
}

/** Sends (`socket.tx(ctrl, data, ...)`) and waits for TX_OK. */
export function tx(taskName: string, timeout: number | undefined, ctrl: NetCtrl, data: string, ...args: unknown[]): LuaMultiReturn<[boolean, boolean]> {
    const [ok, full, done] = socket.tx(ctrl, data, ...args);
    if (!ok) return $multi(false, full);
    if (full) return $multi(true, true);
    if (done) return $multi(true, full);
    if (succeeded(sysplus.waitMsg(taskName, socket.TX_OK, timeout))) return $multi(true, false);
    return $multi(false, full);
}

/** Waits for data or another network event (`sys_send(taskName, socket.EVENT, 0)` ends the wait early). */
export function wait(taskName: string, timeout: number | undefined, ctrl: NetCtrl): LuaMultiReturn<[boolean, boolean]> {
    const [ok, hasData] = socket.wait(ctrl);
    if (!ok) return $multi(false, false);
    if (hasData) return $multi(true, true);
    const message = sysplus.waitMsg(taskName, socket.EVENT, timeout);
    // Not a table (timeout): the connection is fine, nothing happened.
    if (message === undefined || message === false) return $multi(true, false);
    if (message.get(2) === 0) return $multi(true, true);
    return $multi(false, false);
}

/** Disconnects, waits for CLOSED when a graceful close was started, then closes the ctrl. Returns nothing. */
export function close(taskName: string, timeout: number | undefined, ctrl: NetCtrl): void {
    const [ok, closed] = socket.discon(ctrl);
    if (ok && !closed) sysplus.waitMsg(taskName, socket.CLOSED, timeout);
    socket.close(ctrl);
}
