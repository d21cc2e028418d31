/**
 * http, today's HTTP client (luat_lib_http.c over luat_http_client.c), on
 * the simulator's {@link Network} through the socket module's adapter: its
 * connections take socket ids from the same round robin as socket.create's
 * and log the same `posix_net` lines.
 *
 * `http.request(method, url[, headers[, body[, opts]]])` returns what
 * `sys_cw` makes of a wait id (luat_base.c:108 luat_pushcwait): a table
 * whose `wait()` (in a task) gives `code, headers, body` once the result is
 * published on the id's topic, and whose `cb(f)` runs f in a task with them.
 * A request that fails at once returns `sys_cw(nil, -4)`: wait() gives -4
 * alone (luat_lib_http.c:360). A failure later gives the code alone: -4
 * connect (refused port, unresolvable host), -5 closed early, -8 timeout.
 *
 * Kept from the C (file:line):
 * - only GET POST PUT DELETE PATCH (luat_http_client.c:1436), a method of
 *   more than 11 bytes fails first (luat_lib_http.c:255); the URL split of
 *   http_set_url (runtime/net/http-client.ts parseHttpUrl);
 * - the request: request line, `Connection: Close` unless a header name
 *   starts with "Connection" (any case), `Host: host:port` unless a "Host" or
 *   "host" header is given, `Authorization: Basic` for `user:pass@`, the
 *   table's headers (not `Content-Length`, nor empty or non-string values),
 *   then `Content-Length` of a string body (even ""), or of a zbuff body for
 *   POST/PUT (luat_http_client.c:593, luat_lib_http.c:285-317);
 * - the body ends when Content-Length bytes came, at the last chunk, or,
 *   with neither, at the first piece of body (resp_content_len starts at 0:
 *   luat_http_client.c:351,465), or at the close; redirects are not followed;
 * - headers come back as the server sent their names, split at the first
 *   `:`; a value whose second byte is a space loses its first byte to the
 *   name (`X: a b` becomes `["X:"] = " b"`, luat_lib_http.c:434);
 * - opts.timeout below 1000 ms means 60 s (300 s with dst); opts.dst writes
 *   the body to a file and returns its length, a status above 299 removes it
 *   (luat_http_client.c:483); a zbuff body of a GET receives the response
 *   (its `used` grows, its `len` stays: the C reallocs only the storage) and
 *   the length is returned; opts.callback(total, received, userdata) hears
 *   the progress on the Lua thread.
 *
 * Not emulated: https (raises "not simulated"), IPv6, opts.fota, opts.debug's
 * log lines, the 8 KiB limit of a response head, request bodies sent in 4 KiB
 * pieces (sent at once here), the ctrl count the requests take from the
 * adapter's 32.
 */
import { lauxlib, lua, S, concatBytes, defineModule, type LuaState } from "../../lua.js";
import type { Stream } from "../../net/network.js";
import { HttpResponseParser, atoi, parseHttpUrl } from "../../net/http-client.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import type { Halt } from "./os-exit.js";
import type { SocketAdapter } from "./socket.js";
import { ADAPTER_COUNT, WAIT } from "./socket-constants.js";
import { testZbuff, type Zbuff } from "./zbuff.js";

/** The client's error codes (luat_http.h:63-72). */
export const HTTP_ERROR = { STATE: -1, HEADER: -2, BODY: -3, CONNECT: -4, CLOSE: -5, RX: -6, DOWNLOAD: -7, TIMEOUT: -8, FOTA: -9 } as const;

/** The default timeouts (luat_lib_http.c:241-248, luat_http.h:42). */
const TIMEOUT_MS = 60_000;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** Methods http_set_url accepts (luat_http_client.c:1436). */
const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH"]);

/** One request (luat_http_ctrl_t in luatos mode). */
interface Request {
    id: number;
    host: string;
    port: number;
    isPost: boolean;
    message: Uint8Array;
    /** A zbuff given as the body: sent for POST/PUT, filled by the response otherwise. */
    zbuff: Zbuff | undefined;
    dst: string | undefined;
    download: Uint8Array[] | undefined;
    cbRef: number;
    userdataRef: number;
    waitId: bigint;
    socketId: number;
    stream: Stream | undefined;
    headers: string;
    body: Uint8Array[];
    bodyLen: number;
    /** resp_content_len: 0 until a Content-Length header says otherwise. */
    contentLength: number;
    headersComplete: boolean;
    bodyFinal: boolean;
    tcpClosed: boolean;
    errorCode: number;
    status: number;
    parser: HttpResponseParser | undefined;
    cancelTimer: (() => void) | undefined;
    reported: boolean;
}

/** Installs the `http` library (made a rotable by rotables.ts), its connections on the socket module's adapter. */
export function installHttp(ctx: FirmwareContext, halt: Halt, adapter: SocketAdapter): void {
    const L0 = ctx.L;
    /** c_wait_id (luat_base.c:102): ids of the waits C functions hand out. */
    let waitId = 0n;
    let nextRequest = 0;
    const open = new Set<Request>();
    const clog = (level: number, tag: string, text: string) => ctx.clog(level, tag, text);

    ctx.onEnd(() => {
        for (const r of open) {
            r.cancelTimer?.();
            r.stream?.close();
        }
        open.clear();
    });
    halt.onHalt.push(() => {
        for (const r of open) closeSocket(r);
    });

    /** The wait's topic: 0x01 then the id's 8 bytes, little endian (luat_base.c:117). */
    const topicOf = (id: bigint) => {
        const out = new Uint8Array(9);
        out[0] = 1;
        new DataView(out.buffer).setBigUint64(1, id, true);
        return out;
    };

    /** The address http_close logs (%p): a made-up one per request. */
    const pointerOf = (r: Request | undefined) => (0x7f0000000000 + 0x1000 * ((r?.id ?? nextRequest) % 0x10000)).toString(16).toUpperCase().padStart(16, "0");

    /** Calls sys_cw(first, ...rest) and leaves its result on the stack (nil without sys). */
    const pushWait = (L: LuaState, topic: Uint8Array | undefined, code?: number) => {
        if (lua.lua_getglobal(L, S("sys_cw")) !== lua.LUA_TFUNCTION) {
            lua.lua_pop(L, 1);
            clog(LOG_LEVEL.ERROR, "main", "sys lib not found!");
            lua.lua_pushnil(L);
            return;
        }
        if (topic === undefined) lua.lua_pushnil(L);
        else lua.lua_pushlstring(L, topic, topic.length);
        if (code !== undefined) lua.lua_pushinteger(L, code);
        lua.lua_call(L, code !== undefined ? 2 : 1, 1);
    };

    /** http_close: logged, the socket and the references go. */
    const close = (L: LuaState, r: Request | undefined) => {
        clog(LOG_LEVEL.INFO, "http", `http close ${pointerOf(r)}`);
        if (r === undefined) return;
        open.delete(r);
        closeSocket(r);
        r.cancelTimer?.();
        if (r.cbRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, r.cbRef);
        if (r.userdataRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, r.userdataRef);
        r.cbRef = 0;
        r.userdataRef = 0;
    };

    const closeSocket = (r: Request) => {
        const stream = r.stream;
        r.stream = undefined;
        stream?.close();
        if (r.socketId >= 0) adapter.freeSocket(r.socketId);
        r.socketId = -1;
    };

    // ---- the result, on the Lua thread (l_http_callback, luat_lib_http.c:390) ----
    const publish = (L: LuaState, r: Request, count: number) => {
        // luat_cbcwait: sys_pub(topic, results...), results already pushed.
        if (lua.lua_getglobal(L, S("sys_pub")) !== lua.LUA_TFUNCTION) {
            lua.lua_pop(L, count + 1);
            return;
        }
        const topic = topicOf(r.waitId);
        lua.lua_pushlstring(L, topic, topic.length);
        lua.lua_rotate(L, -count - 2, 2);
        lua.lua_call(L, count + 1, 0);
    };

    const deliver = (L: LuaState, r: Request, code: number) => {
        if (code !== 0) {
            lua.lua_pushinteger(L, code);
            publish(L, r, 1);
            close(L, r);
            return;
        }
        lua.lua_pushinteger(L, r.status);
        pushHeaders(L, r.headers);
        if (r.dst !== undefined) lua.lua_pushinteger(L, r.bodyLen);
        else if (r.zbuff !== undefined) lua.lua_pushinteger(L, r.bodyLen);
        else {
            const body = concatBytes(r.body);
            lua.lua_pushlstring(L, body, body.length);
        }
        publish(L, r, 3);
        close(L, r);
    };

    /** luat_http_client_onevent: the timer stops, the result goes to the bus. */
    const onEvent = (r: Request, code: number) => {
        if (r.reported) return;
        r.reported = true;
        r.cancelTimer?.();
        r.cancelTimer = undefined;
        if (!ctx.alive() || halt.halted) return;
        ctx.post(L => {
            if (open.has(r)) deliver(L, r, code);
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    };

    /** Progress for opts.callback (HTTP_CALLBACK messages). */
    const progress = (r: Request) => {
        if (r.cbRef === 0 || !ctx.alive() || halt.halted) return;
        const received = r.bodyLen;
        ctx.post(L => {
            if (open.has(r) && r.cbRef !== 0) {
                lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, r.cbRef);
                if (lua.lua_isfunction(L, -1)) {
                    lua.lua_pushinteger(L, r.contentLength);
                    lua.lua_pushinteger(L, received);
                    if (r.userdataRef !== 0) {
                        lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, r.userdataRef);
                        lua.lua_call(L, 3, 0);
                    } else lua.lua_call(L, 2, 0);
                } else lua.lua_pop(L, 1);
            }
            lua.lua_pushinteger(L, 0);
            return 1;
        });
    };

    /** http_report_result: the download cleaned up on error, the socket closed, the result reported. */
    const report = (r: Request, code: number) => {
        if (code !== 0 && r.download !== undefined && r.dst !== undefined) {
            r.download = undefined;
            ctx.files.remove(r.dst);
        }
        if (r.errorCode !== 0) code = r.errorCode;
        closeSocket(r);
        onEvent(r, code);
    };

    /** on_complete: a download's file is written, or removed for a status above 299. */
    const complete = (r: Request) => {
        if (r.download === undefined || r.dst === undefined) return;
        ctx.files.write(r.dst, concatBytes(r.download));
        r.download = undefined;
        if (r.status > 299) {
            clog(LOG_LEVEL.WARN, "http", `download fail, remove file ${r.dst}`);
            ctx.files.remove(r.dst);
        }
    };

    /** http_try_finish_if_body_complete (luat_http_client.c:724). */
    const tryFinish = (r: Request) => {
        if (!r.headersComplete || !r.bodyFinal || r.tcpClosed) return;
        complete(r);
        if (r.errorCode === HTTP_ERROR.CLOSE) r.errorCode = 0;
        r.tcpClosed = true;
        report(r, 0);
    };

    /** on_tcp_closed (luat_http_client.c:755). */
    const onTcpClosed = (r: Request) => {
        r.tcpClosed = true;
        if (r.parser?.chunked === true && !r.bodyFinal) r.bodyFinal = true;
        if (!r.bodyFinal && r.contentLength >= 0 && r.headersComplete) r.bodyFinal = true;
        if (r.bodyFinal) {
            complete(r);
            if (r.errorCode === HTTP_ERROR.CLOSE) r.errorCode = 0;
        } else if (r.errorCode === 0) r.errorCode = HTTP_ERROR.CLOSE;
        report(r, 0);
    };

    const makeParser = (r: Request) =>
        new HttpResponseParser({
            onHeader: (name, value) => {
                const text = Buffer.from(name).toString("latin1");
                // strncasecmp over 14 bytes: a longer name starting so counts too (luat_http_client.c:268).
                if (r.contentLength === 0 && text.slice(0, 14).toLowerCase() === "content-length") r.contentLength = -2;
                r.headers += text + ":";
                if (value === undefined) return;
                const v = Buffer.from(value).toString("latin1");
                if (r.contentLength === -2) r.contentLength = atoi(v.slice(0, 31));
                r.headers += v + "\r\n";
            },
            onHeadersComplete: head => {
                r.status = head.status;
                if (r.dst !== undefined) {
                    ctx.files.remove(r.dst);
                    r.download = [];
                }
                r.headersComplete = true;
                if (r.contentLength <= 0) r.bodyFinal = true;
                progress(r);
            },
            onBody: data => {
                if (r.download !== undefined) r.download.push(data);
                else if (!r.isPost && r.zbuff !== undefined) appendToZbuff(r.zbuff, data);
                else r.body.push(data);
                r.bodyLen += data.length;
                progress(r);
                if (!(r.parser?.chunked ?? false) && r.contentLength >= 0 && r.bodyLen >= r.contentLength) {
                    r.bodyFinal = true;
                    tryFinish(r);
                }
            },
            onChunkHeader: size => {
                if (size === 0) r.bodyFinal = true;
            },
            onMessageComplete: () => tryFinish(r),
        });

    /** The adapter's events for the request's socket (luat_lib_http_callback, luat_http_client.c:805). */
    const connect = (r: Request): boolean => {
        const id = adapter.allocSocket();
        if (id < 0) return false;
        r.socketId = id;
        const failed = (event: number) => {
            if (r.tcpClosed || r.reported) return;
            clog(LOG_LEVEL.INFO, "http", `event ${event.toString(16).toUpperCase().padStart(8, "0")} -1 host ${r.host} port ${r.port}`);
            if (r.errorCode === 0) r.errorCode = event === WAIT.ON_LINE ? HTTP_ERROR.CONNECT : HTTP_ERROR.CLOSE;
            onTcpClosed(r);
        };
        adapter.dial(id, r.host, r.port, () => r.socketId === id && !r.reported, {
            stream: stream => (r.stream = stream),
            connected: () => {
                r.parser = makeParser(r);
                r.stream?.send(r.message);
            },
            data: data => {
                if (!r.tcpClosed && r.errorCode === 0) r.parser?.push(data);
            },
            closed: (_reason, wasConnected) => {
                r.stream = undefined;
                if (!wasConnected) return failed(WAIT.ON_LINE);
                // A body framed by the close ends with it; anything else closed early.
                r.parser?.finish();
                if (!r.tcpClosed) failed(WAIT.EVENT);
            },
            unresolved: () => failed(WAIT.ON_LINE),
        });
        return true;
    };

    /** l_http_request (luat_lib_http.c:120). */
    const request = (L: LuaState): number => {
        nextRequest += 1;
        let adapterIndex = adapter.index;
        let timeout = 0;
        let dst: string | undefined;
        let cbRef = 0;
        let userdataRef = 0;
        if (lua.lua_istable(L, 5)) {
            if (lua.lua_getfield(L, 5, S("adapter")) === lua.LUA_TNUMBER) adapterIndex = lauxlib.luaL_optinteger(L, -1, adapter.index) as number;
            lua.lua_pop(L, 1);
            if (lua.lua_getfield(L, 5, S("timeout")) === lua.LUA_TNUMBER) timeout = lauxlib.luaL_optinteger(L, -1, 0) as number;
            lua.lua_pop(L, 1);
            if (lua.lua_getfield(L, 5, S("dst")) === lua.LUA_TSTRING) dst = Buffer.from(lua.lua_tostring(L, -1)).toString("latin1");
            lua.lua_pop(L, 1);
            if (lua.lua_getfield(L, 5, S("callback")) === lua.LUA_TFUNCTION) {
                cbRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
                lua.lua_getfield(L, 5, S("userdata"));
                userdataRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
            } else lua.lua_pop(L, 1);
        }
        const fail = (tag: string, text: string | undefined, r?: Request) => {
            if (text !== undefined) clog(LOG_LEVEL.ERROR, tag, text);
            if (r === undefined) {
                if (cbRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, cbRef);
                if (userdataRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, userdataRef);
            }
            close(L, r);
            pushWait(L, undefined, HTTP_ERROR.CONNECT);
            return 1;
        };
        if (adapterIndex < 0 || adapterIndex >= ADAPTER_COUNT) return fail("libhttp", `bad network adapter index ${adapterIndex}`);
        // network_alloc_ctrl: only the registered adapter has ctrls.
        if (adapterIndex !== adapter.index) return fail("libhttp", "netc create fail");
        if (timeout < 1000) timeout = dst !== undefined ? DOWNLOAD_TIMEOUT_MS : TIMEOUT_MS;
        const method = lua.lua_isnoneornil(L, 1) ? "GET" : Buffer.from(lauxlib.luaL_checklstring(L, 1)).toString("latin1");
        if (method.length > 11) return fail("libhttp", `method is too long ${method}`);
        const url = Buffer.from(lauxlib.luaL_checklstring(L, 2)).toString("latin1");
        if (!METHODS.has(method)) return fail("http", `NOT SUPPORT ${method}`);
        const parsed = parseHttpUrl(url);
        if ("error" in parsed) return fail("http", parsed.error);
        if (parsed.tls) {
            if (cbRef !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, cbRef);
            return lauxlib.luaL_error(L, S("http.request over https is not simulated"));
        }
        const isPost = method === "POST" || method === "PUT";

        // The table's headers, in its traversal order (luat_lib_http.c:285).
        let custom = "";
        let customHost = false;
        let customConnection = false;
        if (lua.lua_istable(L, 3)) {
            lua.lua_pushnil(L);
            while (lua.lua_next(L, 3) !== 0) {
                const name = lua.lua_type(L, -2) === lua.LUA_TSTRING || lua.lua_type(L, -2) === lua.LUA_TNUMBER ? textOfCopy(L, -2) : undefined;
                const value = lua.lua_type(L, -1) === lua.LUA_TSTRING || lua.lua_type(L, -1) === lua.LUA_TNUMBER ? textOfCopy(L, -1) : undefined;
                if (name === "Host" || name === "host") customHost = true;
                if (name !== undefined && name !== "Content-Length") {
                    if (name !== "" && value !== undefined && value !== "") custom += `${name}: ${value}\r\n`;
                    if (name.slice(0, 10).toLowerCase() === "connection") customConnection = true;
                }
                lua.lua_pop(L, 1);
            }
        }
        let body: Uint8Array | undefined;
        let zbuff: Zbuff | undefined;
        if (lua.lua_isstring(L, 4)) {
            const text = lauxlib.luaL_checklstring(L, 4).slice();
            body = text;
            custom += `Content-Length: ${text.length}\r\n`;
        } else if (lua.lua_isuserdata(L, 4)) {
            zbuff = testZbuff(L, 4) ?? (lauxlib.luaL_checkudata(L, 4, S("ZBUFF*")) as never);
            if (isPost) {
                custom += `Content-Length: ${zbuff.used}\r\n`;
                body = zbuff.addr.slice(0, zbuff.used);
            }
        }

        let head = `${method} ${parsed.path} HTTP/1.1\r\n`;
        if (!customConnection) head += "Connection: Close\r\n";
        if (!customHost) head += `Host: ${parsed.host}:${parsed.port}\r\n`;
        if (parsed.auth !== "") head += `Authorization: Basic ${Buffer.from(parsed.auth, "latin1").toString("base64")}\r\n`;
        head += custom + "\r\n";
        const message = body !== undefined ? concatBytes([Buffer.from(head, "latin1"), body]) : Buffer.from(head, "latin1");

        waitId += 1n;
        const r: Request = {
            id: nextRequest,
            host: parsed.host,
            port: parsed.port,
            isPost,
            message: new Uint8Array(message),
            zbuff,
            dst,
            download: undefined,
            cbRef,
            userdataRef,
            waitId,
            socketId: -1,
            stream: undefined,
            headers: "",
            body: [],
            bodyLen: 0,
            contentLength: 0,
            headersComplete: false,
            bodyFinal: false,
            tcpClosed: false,
            errorCode: 0,
            status: 0,
            parser: undefined,
            cancelTimer: undefined,
            reported: false,
        };
        open.add(r);
        pushWait(L, topicOf(waitId));
        // The timer runs from the request on (luat_http_client.c:1571), connect and DNS included.
        r.cancelTimer = ctx.clock.after(timeout, () => {
            r.cancelTimer = undefined;
            if (!open.has(r) || r.reported) return;
            report(r, HTTP_ERROR.TIMEOUT);
        });
        if (!connect(r)) return fail("http", `can not connect! ${r.host}:${r.port}`, r);
        return 1;
    };

    defineModule(L0, "http", { request }, {});
}

/** Headers as the C splits its "name:value\r\n" text (luat_lib_http.c:432): at the first ':', a value's second byte being a space moves the cut. */
function pushHeaders(L: LuaState, text: string): void {
    lua.lua_newtable(L);
    let rest = text;
    while (rest.length > 0) {
        const colon = rest.indexOf(":");
        const crlf = rest.indexOf("\r\n", colon + 1);
        if (colon < 0 || crlf < 0) break;
        let valueAt = colon + 1;
        if (rest[valueAt + 1] === " ") valueAt += 1;
        const name = rest.slice(0, valueAt - 1);
        const value = rest.slice(valueAt, crlf);
        const n = Buffer.from(name, "latin1");
        const v = Buffer.from(value, "latin1");
        lua.lua_pushlstring(L, n, n.length);
        lua.lua_pushlstring(L, v, v.length);
        lua.lua_settable(L, -3);
        rest = rest.slice(crlf + 2);
    }
}

/** A string or number on the stack as text, without converting the number in place (lua_next needs the key untouched). */
function textOfCopy(L: LuaState, idx: number): string {
    lua.lua_pushvalue(L, idx);
    const text = Buffer.from(lua.lua_tostring(L, -1)).toString("latin1");
    lua.lua_pop(L, 1);
    return text;
}

/** The response into a GET's zbuff: the storage grows, `len` stays (on_body reallocs addr only, luat_http_client.c:416). */
function appendToZbuff(z: Zbuff, data: Uint8Array): void {
    if (z.addr.length < z.used + data.length) {
        const next = new Uint8Array(z.used + data.length + 1);
        next.set(z.addr.subarray(0, z.used));
        z.addr = next;
    }
    z.addr.set(data, z.used);
    z.used += data.length;
}
