import { createHash } from "node:crypto";
import type { ServerConnection } from "./tcp.js";
import { encodeFrame, FrameDecoder, WS_OPCODE } from "./websocket-codec.js";

/**
 * A small WebSocket server for tests and scenarios: the HTTP upgrade, then
 * frames. What it does with the device's data frames depends on the path of
 * the upgrade request (its query ignored):
 *
 * - `/echo` (and any path not below): sends each data frame back, unmasked,
 *   with its opcode and FIN bit;
 * - `/sink`: keeps them;
 * - `/close`: answers the first with a close frame (status 1000) and keeps
 *   the connection open until the device closes it;
 * - `/ping`: answers the first with a ping ("ab"); the device's pong gets a
 *   close frame (so a device that does not pong stays connected);
 * - `/drop`: closes the TCP connection at the first;
 * - `/reject`: answers the upgrade with `404 Not Found` and closes.
 *
 * Everywhere, a ping from the device gets a pong with its payload and a close
 * frame from the device closes the connection.
 */
export function websocketServer(): (conn: WsServerSide) => void {
    return (conn) => {
        let head = new Uint8Array(0);
        let path: string | undefined;
        let dataFrames = 0;
        const decoder = new FrameDecoder();
        const control = (opcode: number, payload: Uint8Array) => conn.send(encodeFrame(opcode, payload));
        conn.onData((data) => {
            if (path === undefined) {
                head = Buffer.concat([head, data]);
                const text = Buffer.from(head).toString("latin1");
                const end = text.indexOf("\r\n\r\n");
                if (end < 0) return;
                path = (text.split(" ")[1] ?? "/").split("?")[0]!;
                if (path === "/reject") {
                    conn.send("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    conn.close();
                    return;
                }
                const key = /^sec-websocket-key:[ \t]*(.*)$/im.exec(text.slice(0, end))?.[1]?.trim() ?? "";
                conn.send(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptOf(key)}\r\n\r\n`);
                data = head.subarray(end + 4);
            }
            for (const frame of decoder.push(data)) {
                if (frame.opcode === WS_OPCODE.CLOSE) {
                    conn.close();
                    return;
                }
                if (frame.opcode === WS_OPCODE.PING) control(WS_OPCODE.PONG, frame.payload);
                else if (frame.opcode === WS_OPCODE.PONG) {
                    if (path === "/ping") control(WS_OPCODE.CLOSE, CLOSE_NORMAL);
                } else if (frame.opcode <= WS_OPCODE.BINARY) {
                    dataFrames += 1;
                    if (path === "/sink") continue;
                    if (path === "/close" || path === "/ping" || path === "/drop") {
                        if (dataFrames > 1) continue;
                        if (path === "/drop") {
                            conn.close();
                            return;
                        }
                        if (path === "/close") control(WS_OPCODE.CLOSE, CLOSE_NORMAL);
                        else control(WS_OPCODE.PING, PING_PAYLOAD);
                        continue;
                    }
                    conn.send(encodeFrame(frame.opcode, frame.payload, { fin: frame.fin }));
                }
            }
        });
    };
}

/** What {@link websocketServer} needs of a connection: the virtual network's, or an adapter of a loopback socket. */
export type WsServerSide = Pick<ServerConnection, "send" | "close" | "onData">;

/** Status 1000, normal closure (RFC 6455 section 7.4.1). */
const CLOSE_NORMAL = new Uint8Array([0x03, 0xe8]);
const PING_PAYLOAD = new Uint8Array([0x61, 0x62]);

/** Sec-WebSocket-Accept for a key (RFC 6455 section 4.2.2). */
export function acceptOf(key: string): string {
    return createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
}
