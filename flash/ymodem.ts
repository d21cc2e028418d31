import type { LinkReader } from "./byte-link.js";

/** YModem control bytes. */
export const SOH = 0x01;
export const STX = 0x02;
export const EOT = 0x04;
export const ACK = 0x06;
export const NAK = 0x15;
export const CAN = 0x18;
/** The receiver's request for a CRC16 transfer ('C'). */
export const CRC_REQUEST = 0x43;
/** Padding of the last data block (CP/M end of file, what receivers expect). */
export const PAD = 0x1a;

/** A file to send: its name in block 0 and its contents. */
export interface YModemFile {
    name: string;
    data: Uint8Array;
}

/** What the sender reports after each acknowledged block. */
export interface YModemProgress {
    file: string;
    /** Index of the file in the batch. */
    index: number;
    /** Bytes of the file the receiver has acknowledged. */
    sent: number;
    size: number;
}

/** One retransmission or repeated wait, for logs and the summary. */
export interface YModemRetry {
    file: string;
    /** Block number (0 is the file header; -1 the end of transmission; -2 the end of batch). */
    block: number;
    reason: "nak" | "timeout";
}

export interface YModemOptions {
    /** How long to wait for the receiver's first 'C'. Default 10 s. */
    startTimeoutMs?: number;
    /** How long to wait for the answer to a block. Default 10 s (the receiver normally NAKs sooner). */
    ackTimeoutMs?: number;
    /** Retransmissions of one block before giving up. Default 10. */
    maxRetries?: number;
    onProgress?: (progress: YModemProgress) => void;
    onRetry?: (retry: YModemRetry) => void;
}

export interface YModemResult {
    files: number;
    /** File bytes acknowledged (without padding and headers). */
    bytes: number;
    retries: number;
}

/** Why a transfer stopped. `file` is the file being sent then (undefined at the end of the batch). */
export class YModemError extends Error {
    constructor(
        message: string,
        readonly reason: "cancelled" | "timeout" | "retries",
        readonly file: string | undefined,
    ) {
        super(message);
        this.name = "YModemError";
    }
}

/** CRC16-CCITT (XMODEM variant: polynomial 0x1021, initial value 0, no reflection). */
export function crc16(data: Uint8Array): number {
    let crc = 0;
    for (const byte of data) {
        crc ^= byte << 8;
        for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc;
}

/** One framed packet: start byte, block number and its complement, payload, CRC (big endian). */
export function packet(block: number, payload: Uint8Array, fill = PAD): Buffer {
    const size = payload.length <= 128 ? 128 : 1024;
    if (payload.length > size) throw new RangeError(`payload of ${payload.length} bytes exceeds a 1024-byte block`);
    const out = Buffer.alloc(3 + size + 2, fill);
    out[0] = size === 128 ? SOH : STX;
    out[1] = block & 0xff;
    out[2] = ~block & 0xff;
    out.set(payload, 3);
    const crc = crc16(out.subarray(3, 3 + size));
    out[3 + size] = crc >> 8;
    out[4 + size] = crc & 0xff;
    return out;
}

/**
 * Block 0 of a file: its name, NUL, its size in decimal, NUL-padded. Receivers
 * cut the padding of the last block off using this size.
 */
export function headerPacket(file: YModemFile): Buffer {
    const name = Buffer.from(file.name, "utf8");
    const info = Buffer.concat([name, Buffer.from([0]), Buffer.from(String(file.data.length), "latin1"), Buffer.from([0])]);
    return packet(0, info, 0);
}

/** The empty block 0 that ends a batch. */
export function endOfBatchPacket(): Buffer {
    return packet(0, new Uint8Array(0), 0);
}

/**
 * Payload size of the next data block: 1024-byte blocks while more than seven
 * 128-byte blocks would be needed, then 128-byte blocks, which costs the
 * fewest bytes on the wire.
 */
export function nextBlockSize(remaining: number): number {
    return remaining > 7 * 128 ? 1024 : 128;
}

const CANCEL_SEQUENCE = Buffer.alloc(5, CAN);

/**
 * Sends `files` as one YModem batch (CRC16, 1024/128-byte blocks, block 0 with
 * name and size, EOT, empty block 0 at the end). Retransmits on NAK and on
 * timeouts up to `maxRetries` times per block, stops at CAN CAN from the
 * receiver, and sends CAN itself when it gives up so the receiver stops too.
 * Throws {@link YModemError}.
 */
export async function sendYModem(reader: LinkReader, files: readonly YModemFile[], options: YModemOptions = {}): Promise<YModemResult> {
    const sender = new Sender(reader, options);
    try {
        return await sender.run(files);
    } catch (error) {
        if (error instanceof YModemError && error.reason !== "cancelled") {
            await reader.write(CANCEL_SEQUENCE).catch(() => undefined);
        }
        throw error;
    }
}

class Sender {
    private readonly startTimeoutMs: number;
    private readonly ackTimeoutMs: number;
    private readonly maxRetries: number;
    private retries = 0;
    private bytes = 0;
    private file: string | undefined;

    constructor(
        private readonly reader: LinkReader,
        private readonly options: YModemOptions,
    ) {
        this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
        this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
        this.maxRetries = options.maxRetries ?? 10;
    }

    async run(files: readonly YModemFile[]): Promise<YModemResult> {
        this.file = files[0]?.name;
        await this.waitForCrcRequest(this.startTimeoutMs, "the receiver did not ask for a transfer ('C')");
        for (let index = 0; index < files.length; index++) {
            if (index > 0) await this.waitForCrcRequest(this.ackTimeoutMs, "the receiver did not ask for the next file ('C')");
            await this.sendFile(files[index], index);
        }
        this.file = undefined;
        if (files.length > 0) await this.waitForCrcRequest(this.ackTimeoutMs, "the receiver did not ask for the end of the batch ('C')");
        await this.sendBlock(endOfBatchPacket(), -2, { retransmitOnCrcRequest: true });
        return { files: files.length, bytes: this.bytes, retries: this.retries };
    }

    private async sendFile(file: YModemFile, index: number): Promise<void> {
        this.file = file.name;
        const size = file.data.length;
        const progress = (sent: number) => this.options.onProgress?.({ file: file.name, index, sent, size });
        await this.sendBlock(headerPacket(file), 0, { retransmitOnCrcRequest: true });
        progress(0);
        if (size > 0) await this.waitForCrcRequest(this.ackTimeoutMs, "the receiver did not ask for the file's data ('C')");
        let offset = 0;
        for (let block = 1; offset < size; block++) {
            const chunk = file.data.subarray(offset, offset + nextBlockSize(size - offset));
            // The first data block is also re-requested with 'C' when the receiver missed it.
            await this.sendBlock(packet(block, chunk), block, { retransmitOnCrcRequest: block === 1 });
            offset += chunk.length;
            this.bytes += chunk.length;
            progress(offset);
        }
        await this.sendBlock(Buffer.from([EOT]), -1, { retransmitOnCrcRequest: false });
    }

    /** Sends one packet (or EOT) until the receiver ACKs it. */
    private async sendBlock(data: Buffer, block: number, how: { retransmitOnCrcRequest: boolean }): Promise<void> {
        for (let attempt = 0; ; attempt++) {
            await this.reader.write(data);
            const answer = await this.readAnswer(how.retransmitOnCrcRequest);
            if (answer === "ack") return;
            // Many receivers NAK the first EOT on purpose to make sure it was not line noise.
            const expected = block === -1 && attempt === 0 && answer === "nak";
            if (!expected) {
                this.retries++;
                this.options.onRetry?.({ file: this.file ?? "", block, reason: answer });
            }
            if (attempt >= this.maxRetries) {
                const what = block === -1 ? "the end of the file (EOT)" : block === -2 ? "the end of the batch" : block === 0 ? "the file header (block 0)" : `block ${block}`;
                const why = answer === "nak" ? "rejected" : "unanswered";
                throw new YModemError(`${what} was ${why} ${attempt + 1} times; giving up`, "retries", this.file);
            }
            // Stale answers to the failed attempt must not count for the next one.
            this.reader.discard();
        }
    }

    /** ACK, NAK (or 'C' when it stands for NAK), or a timeout; garbage is skipped, CAN CAN throws. */
    private async readAnswer(crcMeansNak: boolean): Promise<"ack" | "nak" | "timeout"> {
        const deadline = Date.now() + this.ackTimeoutMs;
        for (;;) {
            const byte = await this.nextSignificant(deadline);
            if (byte === undefined) return "timeout";
            if (byte === ACK) return "ack";
            if (byte === NAK || (crcMeansNak && byte === CRC_REQUEST)) return "nak";
        }
    }

    /** Waits for 'C'; other bytes are line noise or leftovers from the shell. */
    private async waitForCrcRequest(timeoutMs: number, message: string): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const byte = await this.nextSignificant(deadline);
            if (byte === undefined) throw new YModemError(`${message} within ${timeoutMs} ms`, "timeout", this.file);
            if (byte === CRC_REQUEST) return;
        }
    }

    /**
     * Next byte before `deadline`, with cancels handled: two CANs in a row
     * throw, a lone CAN is line noise and the byte after it counts as usual.
     */
    private async nextSignificant(deadline: number): Promise<number | undefined> {
        let byte = await this.reader.readByte(deadline - Date.now());
        while (byte === CAN) {
            const next = await this.reader.readByte(1000);
            if (next === CAN) throw new YModemError("the receiver cancelled the transfer (CAN CAN)", "cancelled", this.file);
            byte = next;
        }
        return byte;
    }
}
