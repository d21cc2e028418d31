/**
 * SNTP (RFC 4330) packets: the 48-byte request a client sends and the
 * transmit timestamp read from a server's answer.
 */

/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
export const NTP_UNIX_OFFSET_S = 2_208_988_800;
export const SNTP_PACKET_BYTES = 48;

const MODE_CLIENT = 3;
const MODE_SERVER = 4;
const MODE_BROADCAST = 5;
const VERSION = 4;

/** A client request: LI 0, version 4, mode 3, everything else zero. */
export function sntpRequest(): Uint8Array {
    const packet = new Uint8Array(SNTP_PACKET_BYTES);
    packet[0] = (VERSION << 3) | MODE_CLIENT;
    return packet;
}

/**
 * The server's transmit time in epoch ms, or undefined for anything that is
 * not a usable answer: too short, not a server packet, a "kiss-o'-death"
 * (stratum 0), an unsynchronised server (leap indicator 3) or a zero time.
 */
export function parseSntpReply(packet: Uint8Array): number | undefined {
    if (packet.length < SNTP_PACKET_BYTES) return undefined;
    const mode = packet[0] & 0x07;
    const leap = packet[0] >> 6;
    if ((mode !== MODE_SERVER && mode !== MODE_BROADCAST) || leap === 3 || packet[1] === 0) return undefined;
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    let seconds = view.getUint32(40);
    const fraction = view.getUint32(44);
    if (seconds === 0 && fraction === 0) return undefined;
    // Era 1 starts in 2036: a timestamp with the top bit clear is read as after it.
    if (seconds < 0x8000_0000) seconds += 0x1_0000_0000;
    return (seconds - NTP_UNIX_OFFSET_S) * 1000 + Math.round((fraction * 1000) / 0x1_0000_0000);
}

/** A server answer carrying `epochMs` (for test servers). */
export function sntpReply(epochMs: number, stratum = 2): Uint8Array {
    const packet = new Uint8Array(SNTP_PACKET_BYTES);
    packet[0] = (VERSION << 3) | MODE_SERVER;
    packet[1] = stratum;
    const view = new DataView(packet.buffer);
    const seconds = Math.floor(epochMs / 1000) + NTP_UNIX_OFFSET_S;
    const fraction = Math.floor(((epochMs % 1000) / 1000) * 0x1_0000_0000);
    view.setUint32(40, seconds >>> 0);
    view.setUint32(44, fraction >>> 0);
    return packet;
}
