/**
 * WebSocket frames (RFC 6455 section 5.2): encoding and an incremental
 * decoder, shared by the simulated firmware's client
 * (runtime/firmware/current/websocket.ts) and the echo servers
 * (websocket-server.ts). Neither side here limits sizes: the firmware's
 * limits are the client's business.
 */

/** Frame opcodes (RFC 6455 section 5.2; luat_websocket.h:82-87). */
export const WS_OPCODE = { CONTINUE: 0x0, TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa } as const;

/** A decoded frame. */
export interface WsFrame {
    fin: boolean;
    /** The 4 bits of the opcode. */
    opcode: number;
    /** The masking key when the frame was masked (the payload here is already unmasked). */
    mask: Uint8Array | undefined;
    payload: Uint8Array;
}

/** What {@link encodeFrame} writes. */
export interface FrameOptions {
    /** Default true. */
    fin?: boolean;
    /** A 4-byte masking key: the payload is masked with it (client frames must be). */
    mask?: Uint8Array;
}

/** One frame's bytes: 7-bit, 16-bit or 64-bit payload length as the size asks. */
export function encodeFrame(opcode: number, payload: Uint8Array, options: FrameOptions = {}): Uint8Array {
    const len = payload.length;
    const lengthBytes = len < 126 ? 0 : len <= 0xffff ? 2 : 8;
    const maskBytes = options.mask !== undefined ? 4 : 0;
    const out = new Uint8Array(2 + lengthBytes + maskBytes + len);
    out[0] = ((options.fin ?? true) ? 0x80 : 0) | (opcode & 0x0f);
    out[1] = (maskBytes > 0 ? 0x80 : 0) | (lengthBytes === 0 ? len : lengthBytes === 2 ? 126 : 127);
    const view = new DataView(out.buffer);
    if (lengthBytes === 2) view.setUint16(2, len);
    else if (lengthBytes === 8) view.setBigUint64(2, BigInt(len));
    let at = 2 + lengthBytes;
    if (options.mask !== undefined) {
        out.set(options.mask.subarray(0, 4), at);
        at += 4;
    }
    for (let i = 0; i < len; i++) out[at + i] = options.mask !== undefined ? payload[i]! ^ options.mask[i % 4]! : payload[i]!;
    return out;
}

/** Splits a byte stream into frames, however it was cut or coalesced. */
export class FrameDecoder {
    private pending = new Uint8Array(0);

    /** Feed bytes; returns the frames now complete, in order. */
    push(data: Uint8Array): WsFrame[] {
        const buf = new Uint8Array(this.pending.length + data.length);
        buf.set(this.pending);
        buf.set(data, this.pending.length);
        const frames: WsFrame[] = [];
        let at = 0;
        for (;;) {
            const frame = decodeAt(buf, at);
            if (frame === undefined) break;
            frames.push(frame.frame);
            at = frame.next;
        }
        this.pending = buf.slice(at);
        return frames;
    }
}

/** The frame starting at `at`, or undefined while incomplete. */
function decodeAt(buf: Uint8Array, at: number): { frame: WsFrame; next: number } | undefined {
    if (buf.length - at < 2) return undefined;
    const b0 = buf[at]!;
    const b1 = buf[at + 1]!;
    let len = b1 & 0x7f;
    let head = 2;
    const view = new DataView(buf.buffer, buf.byteOffset);
    if (len === 126) {
        if (buf.length - at < 4) return undefined;
        len = view.getUint16(at + 2);
        head = 4;
    } else if (len === 127) {
        if (buf.length - at < 10) return undefined;
        len = Number(view.getBigUint64(at + 2));
        head = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    const mask = masked ? buf.slice(at + head, at + head + 4) : undefined;
    if (masked) head += 4;
    if (buf.length - at < head + len) return undefined;
    const payload = buf.slice(at + head, at + head + len);
    if (mask !== undefined) for (let i = 0; i < len; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
    return { frame: { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, mask, payload }, next: at + head + len };
}
