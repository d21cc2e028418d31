import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder, WS_OPCODE } from "../../runtime/net/websocket-codec.js";
import { acceptOf, websocketServer } from "../../runtime/net/websocket-server.js";

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

describe("WebSocket frames", () => {
    it("encodes the firmware's masked text frame byte for byte (mask 00 01 02 03)", () => {
        // "hi" masked with 00 01 02 03: 68^00 69^01.
        expect(encodeFrame(WS_OPCODE.TEXT, text("hi"), { mask: bytes(0, 1, 2, 3) })).toEqual(bytes(0x81, 0x82, 0, 1, 2, 3, 0x68, 0x68));
        expect(encodeFrame(WS_OPCODE.BINARY, text("ab"), { fin: false })).toEqual(bytes(0x02, 0x02, 0x61, 0x62));
    });

    it("uses the 16-bit and 64-bit lengths from 126 and 65536 bytes on", () => {
        const mid = encodeFrame(WS_OPCODE.TEXT, new Uint8Array(126));
        expect([...mid.subarray(0, 4)]).toEqual([0x81, 126, 0, 126]);
        const big = encodeFrame(WS_OPCODE.BINARY, new Uint8Array(65536));
        expect([...big.subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
        expect(big.length).toBe(10 + 65536);
    });

    it("decodes frames however the stream is cut, unmasking masked ones", () => {
        const payload = new Uint8Array(300).map((_, i) => i & 0xff);
        const stream = new Uint8Array([
            ...encodeFrame(WS_OPCODE.TEXT, text("hello"), { mask: bytes(9, 8, 7, 6) }),
            ...encodeFrame(WS_OPCODE.BINARY, payload, { fin: false }),
            ...encodeFrame(WS_OPCODE.PING, new Uint8Array(0)),
        ]);
        for (const cut of [1, 2, 3, 7, 64]) {
            const decoder = new FrameDecoder();
            const frames = [];
            for (let at = 0; at < stream.length; at += cut) frames.push(...decoder.push(stream.subarray(at, at + cut)));
            expect(frames.map(f => [f.fin, f.opcode, f.payload.length, f.mask === undefined])).toEqual([
                [true, WS_OPCODE.TEXT, 5, false],
                [false, WS_OPCODE.BINARY, 300, true],
                [true, WS_OPCODE.PING, 0, true],
            ]);
            expect(Buffer.from(frames[0]!.payload).toString()).toBe("hello");
            expect(frames[1]!.payload).toEqual(payload);
        }
    });

    it("computes Sec-WebSocket-Accept as RFC 6455 section 1.3 does", () => {
        expect(acceptOf("dGhlIHNhbXBsZSBub25jZQ==")).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    });
});

describe("websocketServer", () => {
    /** Runs the server on a fake connection: what it sent, and whether it closed. */
    const connect = (path: string) => {
        const sent: Uint8Array[] = [];
        let feed: (d: Uint8Array) => void = () => undefined;
        const state = { closed: false };
        websocketServer()({ send: d => sent.push(typeof d === "string" ? text(d) : d), close: () => (state.closed = true), onData: fn => (feed = fn) });
        feed(text(`GET ${path} HTTP/1.1\r\nHost: x:1\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`));
        return { sent, state, feed, frames: () => new FrameDecoder().push(new Uint8Array(Buffer.concat(sent.slice(1)))) };
    };
    const mask = bytes(0, 1, 2, 3);

    it("upgrades, echoes data frames with their opcode and FIN, answers pings, closes on a close frame", () => {
        const c = connect("/echo?x=1");
        expect(Buffer.from(c.sent[0]!).toString()).toContain("HTTP/1.1 101 Switching Protocols\r\n");
        expect(Buffer.from(c.sent[0]!).toString()).toContain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
        c.feed(encodeFrame(WS_OPCODE.BINARY, text("ab"), { mask, fin: false }));
        c.feed(encodeFrame(WS_OPCODE.PING, text("p"), { mask }));
        expect(c.frames().map(f => [f.fin, f.opcode, Buffer.from(f.payload).toString()])).toEqual([
            [false, WS_OPCODE.BINARY, "ab"],
            [true, WS_OPCODE.PONG, "p"],
        ]);
        expect(c.state.closed).toBe(false);
        c.feed(encodeFrame(WS_OPCODE.CLOSE, new Uint8Array(0), { mask }));
        expect(c.state.closed).toBe(true);
    });

    it("/sink keeps data, /close answers with a close frame, /ping pings and closes on the pong, /drop closes, /reject refuses", () => {
        const sink = connect("/sink");
        sink.feed(encodeFrame(WS_OPCODE.TEXT, text("x"), { mask }));
        expect(sink.frames()).toEqual([]);
        const close = connect("/close");
        close.feed(encodeFrame(WS_OPCODE.TEXT, text("x"), { mask }));
        expect(close.frames().map(f => [f.opcode, [...f.payload]])).toEqual([[WS_OPCODE.CLOSE, [3, 232]]]);
        const ping = connect("/ping");
        ping.feed(encodeFrame(WS_OPCODE.TEXT, text("x"), { mask }));
        expect(ping.frames().map(f => f.opcode)).toEqual([WS_OPCODE.PING]);
        ping.feed(encodeFrame(WS_OPCODE.PONG, text("ab"), { mask }));
        expect(ping.frames().map(f => f.opcode)).toEqual([WS_OPCODE.PING, WS_OPCODE.CLOSE]);
        const drop = connect("/drop");
        expect(drop.state.closed).toBe(false);
        drop.feed(encodeFrame(WS_OPCODE.TEXT, text("x"), { mask }));
        expect(drop.state.closed).toBe(true);
        const reject = connect("/reject");
        expect(Buffer.from(reject.sent[0]!).toString()).toMatch(/^HTTP\/1\.1 404 /);
        expect(reject.state.closed).toBe(true);
    });
});
