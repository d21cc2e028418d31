import { toBytes, type BytesLike } from "./bytes.js";
import type { ServerConnection, TcpHandler } from "./tcp.js";
import type { UdpHandler } from "./udp.js";

/**
 * Ready-made servers for tests and scenarios, as handlers for
 * `VirtualNetwork.listenTcp` / `listenUdp`.
 */

/** Sends every piece of data straight back. */
export function echoServer(): TcpHandler {
    return (conn) => conn.onData((data) => conn.send(data));
}

/** Accepts and reads, never answers and never closes. */
export function silentServer(): TcpHandler {
    return (conn) => conn.onData(() => undefined);
}

/** Sends every datagram back to its sender. */
export function udpEchoServer(): UdpHandler {
    return (datagram) => datagram.reply(datagram.data);
}

/** What {@link lineHandler} needs of a connection: the virtual network's, or a loopback socket's (collector/loopback.ts). */
export type LineSource = Pick<ServerConnection, "onData" | "onClose">;

/**
 * Calls `onLine` for each line a connection sends, however the bytes were
 * split or coalesced on the way. Lines end with "\n"; a "\r" before it is
 * dropped; text is UTF-8. A last line without "\n" is passed on when the
 * connection ends.
 */
export function lineHandler<C extends LineSource = ServerConnection>(onLine: (line: string, conn: C) => void, onOpen?: (conn: C) => void): (conn: C) => void {
    return (conn) => {
        let pending = "";
        // One decoder per connection: a UTF-8 sequence may be split across deliveries.
        const decoder = new TextDecoder();
        const emit = (line: string) => onLine(line.endsWith("\r") ? line.slice(0, -1) : line, conn);
        conn.onData((data) => {
            pending += decoder.decode(data, { stream: true });
            let newline: number;
            while ((newline = pending.indexOf("\n")) >= 0) {
                const line = pending.slice(0, newline);
                pending = pending.slice(newline + 1);
                emit(line);
            }
        });
        conn.onClose(() => {
            pending += decoder.decode();
            if (pending !== "") emit(pending);
            pending = "";
        });
        onOpen?.(conn);
    };
}

/** A line a {@link LineCollector} received. */
export interface CollectedLine {
    /** Device time it was complete. */
    readonly time: number;
    readonly line: string;
    /** The connection's id in the traffic log. */
    readonly connection: number;
}

/**
 * Collects the lines devices send; optionally greets each connection with
 * `banner` and answers each line with `reply` (both sent with "\n").
 */
export class LineCollector {
    readonly lines: CollectedLine[] = [];
    /** The handler to pass to listenTcp. */
    readonly handler: TcpHandler;

    constructor(
        now: () => number,
        options: { reply?: string; banner?: string } = {},
    ) {
        this.handler = lineHandler(
            (line, conn) => {
                this.lines.push({ time: now(), line, connection: conn.id });
                if (options.reply !== undefined) conn.send(`${options.reply}\n`);
            },
            (conn) => {
                if (options.banner !== undefined) conn.send(`${options.banner}\n`);
            },
        );
    }

    /** Just the text of the lines, in order. */
    texts(): string[] {
        return this.lines.map((l) => l.line);
    }
}

/** A request an {@link httpServer} received. */
export interface HttpServerRequest {
    method: string;
    /** The request target, e.g. `/path?query`. */
    target: string;
    /** Header names lowercased; a repeated header keeps its last value. */
    headers: Record<string, string>;
    body: Uint8Array;
}

/** An {@link httpServer}'s answer. */
export interface HttpServerReply {
    /** Default 200. */
    status?: number;
    /** Sent as given, before Content-Length and Connection. */
    headers?: Record<string, string>;
    body?: BytesLike;
}

/**
 * A small HTTP/1.1 server: each request (its body framed by Content-Length)
 * goes to `handle`; the reply is sent with Content-Length and
 * `Connection: close`, then the connection closes. A handler returning
 * undefined never answers (a server that hangs).
 */
export function httpServer(handle: (request: HttpServerRequest, conn: ServerConnection) => HttpServerReply | undefined): TcpHandler {
    return (conn) => {
        let pending = new Uint8Array(0);
        let answered = false;
        conn.onData((data) => {
            if (answered) return;
            const next = new Uint8Array(pending.length + data.length);
            next.set(pending);
            next.set(data, pending.length);
            pending = next;
            const text = Buffer.from(pending).toString("latin1");
            const end = text.indexOf("\r\n\r\n");
            if (end < 0) return;
            const [requestLine = "", ...lines] = text.slice(0, end).split("\r\n");
            const headers: Record<string, string> = {};
            for (const line of lines) {
                const colon = line.indexOf(":");
                if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
            }
            const length = Number.parseInt(headers["content-length"] ?? "0", 10) || 0;
            if (pending.length < end + 4 + length) return;
            answered = true;
            const [method = "", target = ""] = requestLine.split(" ");
            const reply = handle({ method, target, headers, body: pending.slice(end + 4, end + 4 + length) }, conn);
            if (reply === undefined) return;
            const body = toBytes(reply.body ?? "");
            const status = reply.status ?? 200;
            let head = `HTTP/1.1 ${status} ${REASONS[status] ?? "Status"}\r\n`;
            for (const [name, value] of Object.entries(reply.headers ?? {})) head += `${name}: ${value}\r\n`;
            head += `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
            const headBytes = toBytes(head);
            const out = new Uint8Array(headBytes.length + body.length);
            out.set(headBytes);
            out.set(body, headBytes.length);
            conn.send(out);
            conn.close();
        });
    };
}

const REASONS: Record<number, string> = { 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error" };
