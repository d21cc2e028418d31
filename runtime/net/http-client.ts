/**
 * A small HTTP/1.1 response parser for the simulated firmware's HTTP client
 * (runtime/firmware/current/http.ts). It plays the part of the firmware's
 * http_parser: fed bytes as they arrive, it reports the status line, each
 * header, body pieces (bodies framed by Content-Length, chunked, or ended by
 * the connection's close), and the end of the message, through callbacks
 * named like http_parser's so the client can keep the firmware's reactions.
 *
 * Not handled: obsolete header line folding, 1xx interim responses; trailers
 * after the last chunk are skipped.
 */

/** What the parser reports, in the order http_parser calls its settings. */
export interface ResponseHandlers {
    /** A header's name and its value (leading blanks skipped; `undefined` when the value is empty: http_parser makes no value call then). */
    onHeader?(name: Uint8Array, value: Uint8Array | undefined): void;
    /** The blank line after the headers. */
    onHeadersComplete?(head: ResponseHead): void;
    /** A piece of the body (chunk framing removed). */
    onBody?(data: Uint8Array): void;
    /** A chunk's size line was read (0: the last chunk). */
    onChunkHeader?(size: number): void;
    /** The message is complete (for a body ended by the close: at {@link HttpResponseParser.finish}). */
    onMessageComplete?(): void;
}

/** The status line and framing of a response. */
export interface ResponseHead {
    status: number;
    /** Transfer-Encoding: chunked (http_parser's F_CHUNKED). */
    chunked: boolean;
    /** The Content-Length, or -1 when none. */
    contentLength: number;
}

type State = "status" | "headers" | "body-length" | "body-close" | "chunk-size" | "chunk-data" | "chunk-crlf" | "trailers" | "done" | "error";

const CR = 0x0d;
const LF = 0x0a;
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");

/** An incremental HTTP response parser (one response per instance). */
export class HttpResponseParser {
    private state: State = "status";
    private pending = new Uint8Array(0);
    private head: ResponseHead = { status: 0, chunked: false, contentLength: -1 };
    private left = 0;

    constructor(private readonly handlers: ResponseHandlers) {}

    /** The status code once the status line is read (0 before). */
    get status(): number {
        return this.head.status;
    }

    /** Whether the response is chunked (known once the headers are read). */
    get chunked(): boolean {
        return this.head.chunked;
    }

    /** Whether the data so far is not HTTP (http_parser's errno set): later data is ignored. */
    get failed(): boolean {
        return this.state === "error";
    }

    /** Whether the message is complete. */
    get done(): boolean {
        return this.state === "done";
    }

    /** Feed received bytes. */
    push(data: Uint8Array): void {
        if (this.state === "done" || this.state === "error") return;
        let buf = this.pending.length > 0 ? concat(this.pending, data) : data;
        this.pending = new Uint8Array(0);
        for (;;) {
            const used = this.step(buf);
            if (used < 0) {
                // Needs more bytes: keep the rest for the next push.
                this.pending = buf.slice();
                return;
            }
            buf = buf.subarray(used);
            // step() may have moved the state on: read it afresh.
            const state = this.state as State;
            if (state === "done" || state === "error" || buf.length === 0) return;
        }
    }

    /** The connection closed: a body framed by the close is complete. */
    finish(): void {
        if (this.state === "body-close") {
            this.state = "done";
            this.handlers.onMessageComplete?.();
        }
    }

    /** One step: how many bytes were used, or -1 when a line is incomplete. */
    private step(buf: Uint8Array): number {
        switch (this.state) {
            case "status": {
                const line = takeLine(buf);
                if (line === undefined) return -1;
                const m = /^HTTP\/\d\.\d (\d{3})/.exec(latin1(line.text));
                if (m === null) {
                    this.state = "error";
                    return buf.length;
                }
                this.head.status = Number(m[1]);
                this.state = "headers";
                return line.used;
            }
            case "headers": {
                const line = takeLine(buf);
                if (line === undefined) return -1;
                if (line.text.length === 0) {
                    this.endHeaders();
                    return line.used;
                }
                const colon = line.text.indexOf(0x3a);
                if (colon <= 0) {
                    this.state = "error";
                    return buf.length;
                }
                const name = line.text.subarray(0, colon);
                let start = colon + 1;
                while (start < line.text.length && (line.text[start] === 0x20 || line.text[start] === 0x09)) start += 1;
                const value = line.text.subarray(start);
                const lower = latin1(name).toLowerCase();
                if (lower === "content-length") this.head.contentLength = Number.parseInt(latin1(value), 10) || 0;
                if (lower === "transfer-encoding" && /chunked/i.test(latin1(value))) this.head.chunked = true;
                this.handlers.onHeader?.(name.slice(), value.length > 0 ? value.slice() : undefined);
                return line.used;
            }
            case "body-length": {
                const n = Math.min(this.left, buf.length);
                if (n > 0) this.handlers.onBody?.(buf.slice(0, n));
                this.left -= n;
                if (this.left === 0) this.complete();
                return n;
            }
            case "body-close":
                if (buf.length > 0) this.handlers.onBody?.(buf.slice());
                return buf.length;
            case "chunk-size": {
                const line = takeLine(buf);
                if (line === undefined) return -1;
                const size = Number.parseInt(latin1(line.text).split(";")[0]!.trim(), 16);
                if (!Number.isFinite(size) || size < 0) {
                    this.state = "error";
                    return buf.length;
                }
                this.handlers.onChunkHeader?.(size);
                this.left = size;
                this.state = size === 0 ? "trailers" : "chunk-data";
                return line.used;
            }
            case "chunk-data": {
                const n = Math.min(this.left, buf.length);
                if (n > 0) this.handlers.onBody?.(buf.slice(0, n));
                this.left -= n;
                if (this.left === 0) this.state = "chunk-crlf";
                return n;
            }
            case "chunk-crlf": {
                const line = takeLine(buf);
                if (line === undefined) return -1;
                this.state = "chunk-size";
                return line.used;
            }
            case "trailers": {
                const line = takeLine(buf);
                if (line === undefined) return -1;
                if (line.text.length === 0) this.complete();
                return line.used;
            }
            default:
                return buf.length;
        }
    }

    private endHeaders(): void {
        this.handlers.onHeadersComplete?.({ ...this.head });
        // 204 and 304 never have a body, whatever the headers say (http_parser does the same).
        if (this.head.status === 204 || this.head.status === 304) this.complete();
        else if (this.head.chunked) this.state = "chunk-size";
        else if (this.head.contentLength > 0) {
            this.left = this.head.contentLength;
            this.state = "body-length";
        } else if (this.head.contentLength === 0) this.complete();
        else this.state = "body-close";
    }

    private complete(): void {
        this.state = "done";
        this.handlers.onMessageComplete?.();
    }
}

/** A line ending in LF (a CR before it dropped), or undefined when no LF yet. */
function takeLine(buf: Uint8Array): { text: Uint8Array; used: number } | undefined {
    const lf = buf.indexOf(LF);
    if (lf < 0) return undefined;
    const end = lf > 0 && buf[lf - 1] === CR ? lf - 1 : lf;
    return { text: buf.subarray(0, end), used: lf + 1 };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
}

/** The parts of an `http://` or `https://` URL the firmware uses (http_set_url, luat_http_client.c:1434). */
export interface ParsedUrl {
    tls: boolean;
    host: string;
    port: number;
    /** The request target: the path from the first `/` on (`/` when none). */
    path: string;
    /** `user:password` before an `@` of the host part, or "" when none. */
    auth: string;
}

/**
 * Splits a URL as http_set_url does, or returns the firmware's error text
 * (logged by it as E/http). Its quirks: the host part ends at the first `/`
 * only; `user:pass@` is looked for in its first 128 bytes; the port is what
 * `atoi` makes of the text after the first `:` (0 or less: the scheme's
 * default); a `[v6]` host keeps its port after `]`.
 */
export function parseHttpUrl(url: string): ParsedUrl | { error: string } {
    let rest: string;
    let tls: boolean;
    if (url.startsWith("https://")) {
        tls = true;
        rest = url.slice(8);
    } else if (url.startsWith("http://")) {
        tls = false;
        rest = url.slice(7);
    } else return { error: `only http/https supported ${url}` };
    if (rest.length < 5) return { error: `url too short ${url}` };
    const slash = rest.indexOf("/");
    if (slash > 255) return { error: `host too long ${url}` };
    let host = slash < 0 ? rest : rest.slice(0, slash);
    const path = slash < 0 ? "/" : rest.slice(slash);
    if (host.length === 0) return { error: `host not found ${url}` };
    let auth = "";
    const at = host.indexOf("@", 1);
    if (at > 0 && at < 128) {
        auth = host.slice(0, at);
        host = host.slice(at + 1);
    }
    let port = 0;
    if (!host.startsWith("[")) {
        const colon = host.indexOf(":", 1);
        if (colon > 0) {
            port = atoi(host.slice(colon + 1));
            host = host.slice(0, colon);
        }
    } else {
        const close = host.indexOf("]", 1);
        if (close > 0) {
            const colon = host.indexOf(":", close);
            if (colon > 0) port = atoi(host.slice(colon + 1));
            host = host.slice(1, close);
        }
    }
    if (port <= 0) port = tls ? 443 : 80;
    return { tls, host, port, path, auth };
}

/** C's atoi: optional blanks and sign, then digits; 0 when none. */
export function atoi(text: string): number {
    const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
    return m === null ? 0 : Number.parseInt(m[1]!, 10) | 0;
}
