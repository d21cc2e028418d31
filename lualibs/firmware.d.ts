/// <reference types="lua-types/5.3" />
/// <reference types="@typescript-to-lua/language-extensions" />
/**
 * The parts of today's LuatOS C layer (and its built-in sys/sysplus) that the
 * libraries in this folder call, as the firmware behaves
 * (`luat_lib_socket.c`, `luat_network_adapter.c`, `script/corelib/sys.lua`).
 * Only for lualibs/: firmware projects use the declarations in types/.
 */

/** A network ctrl from `socket.create` (a full userdata). */
declare type NetCtrl = LuaUserdata & { readonly __netCtrl: unique symbol };

/** `socket.create`'s callback: `(light userdata, event, param)`; param 0 success, non-zero failure. */
declare type NetCallback = (this: void, ctrl: LuaUserdata, event: number, param: number) => void;

/** A message `sys.waitMsg` returns: `{event, param, nil, nil}`. */
declare type TaskMessage = LuaTable<number, unknown>;

declare namespace socket {
    const ON_LINE: number;
    const TX_OK: number;
    const EVENT: number;
    const CLOSED: number;
    const LINK: number;
    /** A ctrl on the adapter (default `socket.dft()`); events go to `cb` (a function or a task name). `nil` when none is free. */
    function create(this: void, adapter: number | undefined, cb?: NetCallback | string): NetCtrl | undefined;
    /** Without it a ctrl is UDP; `config(ctrl)` makes it TCP, `config(ctrl, nil, true)` UDP. */
    function config(this: void, ctrl: NetCtrl, localPort?: number, isUdp?: boolean, ...rest: unknown[]): boolean;
    /** `ok, done`: the outcome comes later as `ON_LINE` with 0 or -1. */
    function connect(this: void, ctrl: NetCtrl, host: string, port: number, ...rest: unknown[]): LuaMultiReturn<[boolean, boolean]>;
    function listen(this: void, ctrl: NetCtrl, ...rest: unknown[]): LuaMultiReturn<[boolean, boolean]>;
    /** `ok, full, done`; the 2nd value means nothing when the 1st is false. */
    function tx(this: void, ctrl: NetCtrl, data: string, ...rest: unknown[]): LuaMultiReturn<[boolean, boolean, boolean]>;
    /** Appends at `buff:used()` (growing it), at most `limit` bytes (one datagram for UDP, its rest dropped): `true, n` (TCP), `true, n, ip, port` (UDP), `false, 0` on error. */
    function rx(this: void, ctrl: NetCtrl, buff: ZBuff, flag?: number, limit?: number): LuaMultiReturn<[boolean, number]>;
    /** `true, data` (TCP), `true, data, ip, port` (UDP, one datagram), `true, ""` when nothing is pending, a single `false` on error. */
    function read(this: void, ctrl: NetCtrl, limit?: number): LuaMultiReturn<[boolean, string?]>;
    /** `ok, hasData`. */
    function wait(this: void, ctrl: NetCtrl): LuaMultiReturn<[boolean, boolean]>;
    /** `ok, closed`: `true, false` then a CLOSED event for an online TCP ctrl. */
    function discon(this: void, ctrl: NetCtrl): LuaMultiReturn<[boolean, boolean]>;
    function close(this: void, ctrl: NetCtrl): void;
    function release(this: void, ctrl: NetCtrl): void;
    /** `state, description`: 2 while resolving (and after a failed lookup), 3 after a refused connect. */
    function state(this: void, ctrl: NetCtrl): LuaMultiReturn<[number, string]>;
    function linkup(this: void, ...args: unknown[]): LuaMultiReturn<[boolean, boolean]>;
    function adapter(this: void, index?: number): LuaMultiReturn<[boolean, number?]>;
    function dft(this: void): number;
    function localIP(this: void, adapter?: number): LuaMultiReturn<[string?, string?, string?, string?]>;
    /** Starts an SNTP sync; `NTP_UPDATE, 0` or `NTP_ERROR` is published through `sys_pub`. */
    function sntp(this: void, servers?: string | string[]): void;
}

/** A zbuff (`luat_lib_zbuff.c`): one cursor that is also `used()`. */
declare interface ZBuff {
    /** Moves the cursor (= used) to `offset` from the start; returns it. */
    seek(offset: number): number;
    /** `len` bytes from `offset` as a string. */
    toStr(offset: number, len: number): string;
}

declare namespace zbuff {
    function create(this: void, size: number): ZBuff;
}

/** The subset of the built-in sys the libraries use. */
declare namespace sys {
    function publish(this: void, topic: string, ...args: unknown[]): void;
    function subscribe(this: void, topic: string, fn: (this: void, ...args: any[]) => void): void;
    function unsubscribe(this: void, topic: string, fn: (this: void, ...args: any[]) => void): void;
    function taskInit(this: void, fn: (this: void, ...args: any[]) => void, ...args: unknown[]): LuaThread;
    function taskInitEx(this: void, fn: (this: void, ...args: any[]) => void, name: string, cb?: (this: void, msg: TaskMessage) => void, ...args: unknown[]): LuaThread;
    function taskDel(this: void, name: string): void;
    function waitUntil(this: void, topic: string, ms?: number): LuaMultiReturn<[boolean, ...unknown[]]>;
    function timerStart(this: void, fn: (this: void, ...args: any[]) => void, ms: number, ...args: unknown[]): number;
}

/** sysplus is the same table as sys on today's firmware; libnet's documented calls name it. */
declare namespace sysplus {
    /** The first queued message equal to `target`, `nil` on timeout (0 or nil: no timeout), `false` outside a taskInitEx task. */
    function waitMsg(this: void, name: string, target?: unknown, ms?: number): TaskMessage | false | undefined;
}

/** The firmware publishes through this global (`lua_getglobal(L, "sys_pub")`). */
declare let sys_pub: (this: void, topic: string, ...args: unknown[]) => void;
