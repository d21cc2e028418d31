/**
 * MQTT 3.1.1 packets (OASIS mqtt-v3.1.1, section 2 and 3): what the firmware's
 * mqtt client sends and reads, and what the test and virtual brokers speak.
 * Only the 3.1.1 subset LuatOS uses (its library supports nothing else).
 */

/** Control packet types (the high nibble of the first byte). */
export const PACKET = {
    CONNECT: 1,
    CONNACK: 2,
    PUBLISH: 3,
    PUBACK: 4,
    PUBREC: 5,
    PUBREL: 6,
    PUBCOMP: 7,
    SUBSCRIBE: 8,
    SUBACK: 9,
    UNSUBSCRIBE: 10,
    UNSUBACK: 11,
    PINGREQ: 12,
    PINGRESP: 13,
    DISCONNECT: 14,
} as const;

/** One whole packet as read off the wire. */
export interface RawPacket {
    type: number;
    /** The low nibble of the first byte (PUBLISH: dup, qos, retain). */
    flags: number;
    body: Uint8Array;
}

/** A CONNECT packet's fields. */
export interface ConnectFields {
    clientId: string;
    username?: string;
    password?: string;
    cleanSession: boolean;
    keepalive: number;
    will?: { topic: string; payload: Uint8Array; qos: number; retain: boolean };
}

/** A PUBLISH packet's fields. */
export interface PublishFields {
    topic: Uint8Array;
    payload: Uint8Array;
    qos: number;
    retain: boolean;
    dup: boolean;
    /** Present for QoS 1 and 2. */
    packetId: number;
}

const utf8 = new TextEncoder();

function remainingLength(n: number): number[] {
    const out: number[] = [];
    do {
        let digit = n % 128;
        n = Math.floor(n / 128);
        if (n > 0) digit |= 0x80;
        out.push(digit);
    } while (n > 0);
    return out;
}

/** A packet from its type, flags and body (fixed header with the remaining length). */
export function encodePacket(type: number, flags: number, body: Uint8Array): Uint8Array {
    const head = [(type << 4) | (flags & 0x0f), ...remainingLength(body.length)];
    const out = new Uint8Array(head.length + body.length);
    out.set(head);
    out.set(body, head.length);
    return out;
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const field = (bytes: Uint8Array) => [...u16(bytes.length), ...bytes];
const text = (s: string | Uint8Array) => field(typeof s === "string" ? utf8.encode(s) : s);

/** CONNECT: protocol "MQTT" level 4. */
export function encodeConnect(f: ConnectFields): Uint8Array {
    let flags = f.cleanSession ? 0x02 : 0;
    if (f.will !== undefined) flags |= 0x04 | ((f.will.qos & 3) << 3) | (f.will.retain ? 0x20 : 0);
    if (f.username !== undefined) flags |= 0x80;
    if (f.password !== undefined) flags |= 0x40;
    const body = [...text("MQTT"), 4, flags, ...u16(f.keepalive), ...text(f.clientId)];
    if (f.will !== undefined) body.push(...text(f.will.topic), ...field(f.will.payload));
    if (f.username !== undefined) body.push(...text(f.username));
    if (f.password !== undefined) body.push(...text(f.password));
    return encodePacket(PACKET.CONNECT, 0, Uint8Array.from(body));
}

/** CONNACK with its session-present flag and return code. */
export function encodeConnack(sessionPresent: boolean, code: number): Uint8Array {
    return encodePacket(PACKET.CONNACK, 0, Uint8Array.from([sessionPresent ? 1 : 0, code]));
}

/** PUBLISH (the packet id only for QoS 1 and 2). */
export function encodePublish(f: PublishFields): Uint8Array {
    const body = [...field(f.topic)];
    if (f.qos > 0) body.push(...u16(f.packetId));
    const head = Uint8Array.from(body);
    const all = new Uint8Array(head.length + f.payload.length);
    all.set(head);
    all.set(f.payload, head.length);
    return encodePacket(PACKET.PUBLISH, (f.dup ? 8 : 0) | ((f.qos & 3) << 1) | (f.retain ? 1 : 0), all);
}

/** A packet whose body is only a packet id: PUBACK, PUBREC, PUBREL (flags 2), PUBCOMP, UNSUBACK. */
export function encodeIdOnly(type: number, packetId: number): Uint8Array {
    return encodePacket(type, type === PACKET.PUBREL ? 2 : 0, Uint8Array.from(u16(packetId)));
}

/** SUBSCRIBE of topic filters with their QoS (flags 2). */
export function encodeSubscribe(packetId: number, topics: readonly { topic: string | Uint8Array; qos: number }[]): Uint8Array {
    const body = [...u16(packetId)];
    for (const t of topics) body.push(...text(t.topic), t.qos & 3);
    return encodePacket(PACKET.SUBSCRIBE, 2, Uint8Array.from(body));
}

/** SUBACK with one return code per filter. */
export function encodeSuback(packetId: number, codes: readonly number[]): Uint8Array {
    return encodePacket(PACKET.SUBACK, 0, Uint8Array.from([...u16(packetId), ...codes]));
}

/** UNSUBSCRIBE of topic filters (flags 2). */
export function encodeUnsubscribe(packetId: number, topics: readonly (string | Uint8Array)[]): Uint8Array {
    const body = [...u16(packetId)];
    for (const t of topics) body.push(...text(t));
    return encodePacket(PACKET.UNSUBSCRIBE, 2, Uint8Array.from(body));
}

/** PINGREQ, PINGRESP, DISCONNECT: a fixed header only. */
export function encodeEmpty(type: number): Uint8Array {
    return encodePacket(type, 0, new Uint8Array(0));
}

/**
 * Splits a byte stream into packets. Feed it what arrives; it returns the
 * whole packets so far and keeps the rest. A remaining length of more than
 * four bytes is malformed: `feed` throws.
 */
export class PacketReader {
    private buffer = new Uint8Array(0);

    /** Bytes waiting for the rest of their packet. */
    get pending(): number {
        return this.buffer.length;
    }

    feed(data: Uint8Array): RawPacket[] {
        const joined = new Uint8Array(this.buffer.length + data.length);
        joined.set(this.buffer);
        joined.set(data, this.buffer.length);
        const out: RawPacket[] = [];
        let at = 0;
        for (;;) {
            if (joined.length - at < 2) break;
            let length = 0;
            let multiplier = 1;
            let i = at + 1;
            let complete = false;
            for (let n = 0; n < 4; n += 1, i += 1) {
                if (i >= joined.length) break;
                const digit = joined[i]!;
                length += (digit & 0x7f) * multiplier;
                multiplier *= 128;
                if ((digit & 0x80) === 0) {
                    complete = true;
                    i += 1;
                    break;
                }
                if (n === 3) throw new Error("malformed remaining length");
            }
            if (!complete || joined.length - i < length) break;
            out.push({ type: joined[at]! >> 4, flags: joined[at]! & 0x0f, body: joined.slice(i, i + length) });
            at = i + length;
        }
        this.buffer = joined.slice(at);
        return out;
    }
}

const readU16 = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const readField = (b: Uint8Array, at: number): [Uint8Array, number] => {
    const n = readU16(b, at);
    return [b.slice(at + 2, at + 2 + n), at + 2 + n];
};
const decoder = new TextDecoder();

/** The fields of a CONNECT body. */
export function decodeConnect(body: Uint8Array): ConnectFields & { protocol: string; level: number } {
    let [protocol, at] = readField(body, 0);
    const level = body[at] ?? 0;
    const flags = body[at + 1] ?? 0;
    const keepalive = readU16(body, at + 2);
    at += 4;
    let clientId: Uint8Array;
    [clientId, at] = readField(body, at);
    const out: ConnectFields & { protocol: string; level: number } = {
        protocol: decoder.decode(protocol),
        level,
        clientId: decoder.decode(clientId),
        cleanSession: (flags & 0x02) !== 0,
        keepalive,
    };
    if ((flags & 0x04) !== 0) {
        let topic: Uint8Array, payload: Uint8Array;
        [topic, at] = readField(body, at);
        [payload, at] = readField(body, at);
        out.will = { topic: decoder.decode(topic), payload, qos: (flags >> 3) & 3, retain: (flags & 0x20) !== 0 };
    }
    if ((flags & 0x80) !== 0) {
        let user: Uint8Array;
        [user, at] = readField(body, at);
        out.username = decoder.decode(user);
    }
    if ((flags & 0x40) !== 0) out.password = decoder.decode(readField(body, at)[0]);
    return out;
}

/** The fields of a PUBLISH packet. */
export function decodePublish(p: RawPacket): PublishFields {
    const qos = (p.flags >> 1) & 3;
    const [topic, at] = readField(p.body, 0);
    const packetId = qos > 0 ? readU16(p.body, at) : 0;
    return { topic, payload: p.body.slice(qos > 0 ? at + 2 : at), qos, retain: (p.flags & 1) !== 0, dup: (p.flags & 8) !== 0, packetId };
}

/** The packet id at the start of a body (PUBACK, SUBACK, ...). */
export function packetIdOf(body: Uint8Array): number {
    return readU16(body, 0);
}

/** The filters of a SUBSCRIBE body with their requested QoS. */
export function decodeSubscribe(body: Uint8Array): { packetId: number; topics: { topic: string; qos: number }[] } {
    const topics: { topic: string; qos: number }[] = [];
    let at = 2;
    while (at < body.length) {
        const [topic, next] = readField(body, at);
        topics.push({ topic: decoder.decode(topic), qos: body[next] ?? 0 });
        at = next + 1;
    }
    return { packetId: readU16(body, 0), topics };
}

/** The filters of an UNSUBSCRIBE body. */
export function decodeUnsubscribe(body: Uint8Array): { packetId: number; topics: string[] } {
    const topics: string[] = [];
    let at = 2;
    while (at < body.length) {
        const [topic, next] = readField(body, at);
        topics.push(decoder.decode(topic));
        at = next;
    }
    return { packetId: readU16(body, 0), topics };
}

/** Whether a topic matches a subscription filter with `+` and `#` wildcards. */
export function topicMatches(filter: string, topic: string): boolean {
    const f = filter.split("/");
    const t = topic.split("/");
    for (let i = 0; i < f.length; i += 1) {
        if (f[i] === "#") return true;
        if (i >= t.length) return false;
        if (f[i] !== "+" && f[i] !== t[i]) return false;
    }
    return f.length === t.length;
}
