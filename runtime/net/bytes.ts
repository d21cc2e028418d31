/**
 * Byte helpers for the network models. The device sees Lua byte strings
 * (`Uint8Array` here); servers written in TypeScript may also send text,
 * which is encoded as UTF-8.
 */

/** Bytes, or text sent as UTF-8. */
export type BytesLike = Uint8Array | string;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bytes of `data` (text as UTF-8). */
export function toBytes(data: BytesLike): Uint8Array {
    return typeof data === "string" ? encoder.encode(data) : data;
}

/** `data` decoded as UTF-8 (invalid sequences become U+FFFD). */
export function toText(data: Uint8Array): string {
    return decoder.decode(data);
}

/** One array holding `parts` one after another. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
    if (parts.length === 1) return parts[0];
    let length = 0;
    for (const part of parts) length += part.length;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
    }
    return out;
}

/** `data` cut into pieces of at most `size` bytes, in order. */
export function splitBytes(data: Uint8Array, size: number): Uint8Array[] {
    if (data.length <= size) return [data];
    const pieces: Uint8Array[] = [];
    for (let offset = 0; offset < data.length; offset += size) pieces.push(data.subarray(offset, offset + size));
    return pieces;
}
