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
