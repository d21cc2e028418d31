import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { LinkReader, type ByteLink } from "../../flash/byte-link.js";
import {
    ACK,
    CAN,
    CRC_REQUEST,
    crc16,
    EOT,
    endOfBatchPacket,
    headerPacket,
    NAK,
    nextBlockSize,
    packet,
    sendYModem,
    SOH,
    STX,
    YModemError,
} from "../../flash/ymodem.js";
import { allByteValues } from "./helpers.js";
import { RB, requireTools } from "../support/tools.js";

/**
 * A receiver scripted by the test: `answer` is called with each thing the
 * sender writes and returns the bytes to answer with (or nothing).
 */
function scriptedLink(answer: (written: Buffer, index: number) => number[] | undefined, greeting = [CRC_REQUEST]) {
    const listeners = new Set<(chunk: Uint8Array) => void>();
    const written: Buffer[] = [];
    const send = (bytes: number[]) => setTimeout(() => listeners.forEach(l => l(Uint8Array.from(bytes))), 1);
    const link: ByteLink = {
        async write(data) {
            const copy = Buffer.from(data);
            written.push(copy);
            const reply = answer(copy, written.length - 1);
            if (reply !== undefined) send(reply);
        },
        onData(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
    };
    send(greeting);
    return { reader: new LinkReader(link), written };
}

/** Answers like a well-behaved receiver: ACK + 'C' after block 0 headers, ACK otherwise. */
function politeAnswer(written: Buffer): number[] {
    if (written[0] === SOH && written[1] === 0 && written[3] !== 0) return [ACK, CRC_REQUEST];
    if (written[0] === EOT) return [ACK, CRC_REQUEST];
    return [ACK];
}

const fast = { startTimeoutMs: 500, ackTimeoutMs: 200, maxRetries: 3 };

describe("YModem framing", () => {
    test("CRC16-CCITT (XMODEM) of the standard check string is 0x31C3", () => {
        expect(crc16(Buffer.from("123456789"))).toBe(0x31c3);
        expect(crc16(new Uint8Array(0))).toBe(0);
    });

    test("a data packet: start byte, block number and complement, padded payload, big-endian CRC", () => {
        const small = packet(3, Buffer.from("abc"));
        expect(small.length).toBe(133);
        expect([...small.subarray(0, 6)]).toEqual([SOH, 3, 0xfc, 0x61, 0x62, 0x63]);
        expect(small.subarray(6, 131).every(b => b === 0x1a)).toBe(true);
        expect(small.readUInt16BE(131)).toBe(crc16(small.subarray(3, 131)));

        const big = packet(257, allByteValues(1000));
        expect(big.length).toBe(1029);
        expect([big[0], big[1], big[2]]).toEqual([STX, 1, 0xfe]);
        expect(big.subarray(3, 1003).equals(allByteValues(1000))).toBe(true);
        expect(big.readUInt16BE(1027)).toBe(crc16(big.subarray(3, 1027)));
    });

    test("block 0 holds the name, NUL, the size in decimal, NUL padding; the batch ends with an empty block 0", () => {
        const header = headerPacket({ name: "main.lua", data: Buffer.alloc(1234) });
        expect(header.subarray(0, 3)).toEqual(Buffer.from([SOH, 0, 0xff]));
        expect(header.subarray(3, 3 + 14).toString("latin1")).toBe("main.lua\u00001234\u0000");
        expect(header.subarray(17, 131).every(b => b === 0)).toBe(true);
        const end = endOfBatchPacket();
        expect(end.subarray(3, 131).every(b => b === 0)).toBe(true);
        expect(end.readUInt16BE(131)).toBe(0);
    });

    test("1024-byte blocks while more than 896 bytes remain, 128-byte blocks for the tail", () => {
        expect(nextBlockSize(5000)).toBe(1024);
        expect(nextBlockSize(897)).toBe(1024);
        expect(nextBlockSize(896)).toBe(128);
        expect(nextBlockSize(1)).toBe(128);
    });
});

describe("YModem sender against a scripted receiver", () => {
    test("sends header, 1K and 128 blocks, EOT and the end of batch, reporting progress", async () => {
        const { reader, written } = scriptedLink(politeAnswer);
        const progress: number[] = [];
        const data = allByteValues(1024 + 200);
        const result = await sendYModem(reader, [{ name: "a.bin", data }], { ...fast, onProgress: p => progress.push(p.sent) });
        expect(result).toEqual({ files: 1, bytes: 1224, retries: 0 });
        expect(written.map(w => (w.length === 1 ? w[0] : `${w[0]}:${w[1]}`))).toEqual([`${SOH}:0`, `${STX}:1`, `${SOH}:2`, `${SOH}:3`, EOT, `${SOH}:0`]);
        expect(progress).toEqual([0, 1024, 1152, 1224]);
        expect(Buffer.concat(written.slice(1, 4).map(w => w.subarray(3, w.length - 2))).subarray(0, 1224).equals(data)).toBe(true);
    });

    test("a NAK'd first EOT is the usual double-EOT handshake, not a retry", async () => {
        let eots = 0;
        const { reader, written } = scriptedLink(w => (w[0] === EOT && eots++ === 0 ? [NAK] : politeAnswer(w)));
        const result = await sendYModem(reader, [{ name: "x", data: Buffer.from("hi") }], fast);
        expect(result.retries).toBe(0);
        expect(written.filter(w => w[0] === EOT).length).toBe(2);
    });

    test("NAKs are retransmitted up to the limit, then the sender gives up and sends CAN", async () => {
        const { reader, written } = scriptedLink(w => (w[0] === STX || (w[0] === SOH && w[1] !== 0) ? [NAK] : politeAnswer(w)));
        const retries: string[] = [];
        const error = await sendYModem(reader, [{ name: "x", data: Buffer.alloc(100) }], { ...fast, onRetry: r => retries.push(`${r.block}:${r.reason}`) }).catch(e => e);
        expect(error).toBeInstanceOf(YModemError);
        expect((error as YModemError).message).toBe("block 1 was rejected 4 times; giving up");
        expect((error as YModemError).file).toBe("x");
        expect(retries).toEqual(["1:nak", "1:nak", "1:nak", "1:nak"]);
        expect(written.at(-1)!.every(b => b === CAN)).toBe(true);
    });

    test("CAN CAN from the receiver cancels at once; a lone CAN is noise", async () => {
        const { reader, written } = scriptedLink((w, i) => (i === 1 ? [CAN, ACK] : w[1] === 2 ? [CAN, CAN] : politeAnswer(w)));
        const error = await sendYModem(reader, [{ name: "y", data: Buffer.alloc(300) }], fast).catch(e => e);
        expect((error as YModemError).reason).toBe("cancelled");
        expect(written.length).toBe(3);
        // The sender does not answer a cancel with its own CANs.
        expect(written.some(w => w[0] === CAN)).toBe(false);
    });

    test("no 'C' within the start timeout is a timeout naming the first file", async () => {
        const { reader } = scriptedLink(() => undefined, [0x21, 0x0d, 0x0a]);
        const error = await sendYModem(reader, [{ name: "main.lua", data: Buffer.from("x") }], { ...fast, startTimeoutMs: 100 }).catch(e => e);
        expect(error).toMatchObject({ reason: "timeout", file: "main.lua" });
        expect((error as Error).message).toMatch(/did not ask for a transfer \('C'\) within 100 ms/);
    });

    test("an unanswered block is sent again after the ACK timeout", async () => {
        let dropped = false;
        const { reader, written } = scriptedLink(w => {
            if (w[0] === SOH && w[1] === 1 && !dropped) {
                dropped = true;
                return undefined;
            }
            return politeAnswer(w);
        });
        const result = await sendYModem(reader, [{ name: "z", data: Buffer.alloc(10) }], fast);
        expect(result.retries).toBe(1);
        expect(written.filter(w => w[0] === SOH && w[1] === 1).length).toBe(2);
    });
});

test("a batch of several files to rb over pipes arrives byte for byte", async context => {
    requireTools(context, [RB]);
    const { onTestFinished } = context;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-ymodem-"));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const rb = spawn("rb", ["--ymodem", "--binary", "--keep-uppercase", "--overwrite"], { cwd: dir, stdio: ["pipe", "pipe", "ignore"] });
    const exited = new Promise<number | null>(resolve => rb.once("exit", resolve));
    onTestFinished(async () => {
        rb.kill("SIGKILL");
        await exited;
    });
    const link: ByteLink = {
        write: data => new Promise(resolve => rb.stdin.write(data, () => resolve())),
        onData(listener) {
            rb.stdout.on("data", listener);
            return () => rb.stdout.off("data", listener);
        },
    };
    const files = [
        { name: "Boot.LUA", data: allByteValues(2049) },
        { name: "empty", data: Buffer.alloc(0) },
        { name: "tail.bin", data: allByteValues(129) },
    ];
    const result = await sendYModem(new LinkReader(link), files, { ackTimeoutMs: 3000 });
    expect(result).toEqual({ files: 3, bytes: 2049 + 129, retries: 0 });
    expect(await exited).toBe(0);
    for (const file of files) expect(fs.readFileSync(path.join(dir, file.name)).equals(file.data), file.name).toBe(true);
});
