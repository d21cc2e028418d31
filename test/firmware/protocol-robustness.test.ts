/**
 * Protocol robustness: a collector that sends malformed lines, overlong
 * lines and binary garbage between its genuine answers. The firmware must
 * not crash or reboot, must log what it discards, resynchronise at the next
 * newline and keep delivering every sample (the same invariants as the
 * fault matrix, over two device hours with the same noise in each).
 */
import { describe, expect, it } from "vitest";
import type { TelemetryRig } from "../../collector/rig.js";
import type { SimulatedDevice } from "../../runtime/index.js";
import { assertInvariants } from "./invariants.js";
import { HOUR, invariantInput, MINUTE, runFirmware, type FirmwareRun, type FirmwareRunOptions } from "./run-firmware.js";

/** MAX_LINE of src/config.ts. */
const MAX_LINE = 256;

type Action = NonNullable<FirmwareRunOptions["actions"]>[number];

/** Sends `data` to every open collector connection at `atMs`; records how many connections got it. */
function sendAt(atMs: number, data: string | Uint8Array, delivered: number[]): Action {
    return {
        atMs,
        run: (_device: SimulatedDevice, rig: TelemetryRig) => {
            for (const conn of rig.collector.open) conn.send(data);
            delivered.push(rig.collector.open.size);
        },
    };
}

function count(run: FirmwareRun, pattern: RegExp): number {
    return run.lines.filter(l => pattern.test(l)).length;
}

async function runChecked(label: string, actions: Action[]): Promise<FirmwareRun> {
    const run = await runFirmware({ seed: 3, durationMs: 2 * HOUR, label, actions });
    assertInvariants(invariantInput(run));
    expect(run.device.errors).toEqual([]);
    expect(run.device.reboots).toBe(0);
    // Still delivering at the end: everything but the newest sample or two has arrived.
    const newest = Math.max(...run.rig.collector.samples.map(s => s.seq));
    expect(run.stats.produced - newest).toBeLessThanOrEqual(1);
    return run;
}

/** Malformed lines: wrong verbs, wrong arguments, numbers out of range, an ACK for samples never sent. */
const MALFORMED = [
    "",
    "\r",
    "ACK",
    "ACK x",
    "ACK -1",
    "ACK 1e3",
    "ACK 99999999999",
    "ACK 5 6",
    "ack 5",
    "ACK 999999",
    "PING",
    "PING a b",
    `PING ${"t".repeat(40)}`,
    "PING ../;rm",
    "TIME now",
    "HB extra",
    "S 1 2 3",
    "HELLO",
    "  ACK 3",
    "\u00e9\u00e8 utf-8 text",
];

describe("reference firmware against a misbehaving collector (2 device hours each)", () => {
    it("counts and logs malformed lines, answers nothing to them, and keeps its session", async () => {
        const delivered: number[] = [];
        const times = [0, HOUR].flatMap(h => [5, 17, 29, 41, 53].map(m => h + m * MINUTE + 3_333));
        const run = await runChecked("malformed lines", times.map(t => sendAt(t, MALFORMED.map(l => l + "\n").join(""), delivered)));
        const batches = delivered.reduce((a, b) => a + b, 0);
        expect(batches).toBe(times.length);
        // Every malformed line is rejected and counted, one by one.
        expect(run.stats.invalid).toBe(batches * MALFORMED.length);
        expect(count(run, /^W\/user\.telemetry\tinvalid line, bytes:/)).toBe(batches * (MALFORMED.length - 1));
        expect(count(run, /^W\/user\.telemetry\tACK beyond sent:\t999999$/)).toBe(batches);
        // Garbage is not a reason to drop the connection, and no answer goes out for it.
        expect(run.stats.reconnects).toBe(0);
        expect(run.rig.collector.unknownLines).toEqual([]);
    });

    it("discards overlong lines up to their newline and reads the next line", async () => {
        const delivered: number[] = [];
        const lengths = [MAX_LINE + 1, 1000, 5000];
        const actions = [0, HOUR].flatMap(h =>
            lengths.map((length, i) => sendAt(h + (10 + 15 * i) * MINUTE + 1_111, "A".repeat(length) + "\nPING after-overlong\n", delivered)),
        );
        const run = await runChecked("overlong lines", actions);
        expect(delivered.every(n => n === 1)).toBe(true);
        expect(run.stats.invalid).toBe(actions.length);
        expect(count(run, /^W\/user\.telemetry\toverlong lines discarded:\t1$/)).toBe(actions.length);
        // The line after each overlong one was read: one PONG per overlong line, on top of the collector's own PINGs.
        const pongs = run.device.connections.flatMap(c => new TextDecoder().decode(c.sent).split("\n")).filter(l => l === "PONG after-overlong");
        expect(pongs.length).toBe(actions.length);
        expect(run.stats.reconnects).toBe(0);
    });

    it("survives binary garbage: every byte value, NULs, and no newline for minutes", async () => {
        const delivered: number[] = [];
        const everyByte = new Uint8Array(1024);
        for (let i = 0; i < everyByte.length; i++) everyByte[i] = (i * 167 + 13) % 256;
        const nuls = new Uint8Array(600);
        const noNewline = new Uint8Array(64).map((_, i) => (i % 2 === 0 ? 0 : 0xff));
        const actions: Action[] = [];
        for (const h of [0, HOUR]) {
            actions.push(sendAt(h + 5 * MINUTE + 500, everyByte, delivered), sendAt(h + 6 * MINUTE + 500, nuls, delivered));
            // Three minutes of bytes without a newline from a collector that says nothing else.
            const start = h + 20 * MINUTE;
            actions.push({ atMs: start, run: (_d, rig) => void (rig.collector.muted = true) });
            for (let t = start; t < start + 3 * MINUTE; t += 5_000) actions.push(sendAt(t + 1, noNewline, delivered));
            actions.push({ atMs: start + 3 * MINUTE, run: (_d, rig) => void (rig.collector.muted = false) });
            actions.push(sendAt(start + 3 * MINUTE + 1, "\nPING resync\n", delivered));
        }
        const run = await runChecked("binary garbage", actions);
        expect(run.stats.invalid).toBeGreaterThan(2);
        // Minutes without a valid line: the heartbeat declares the collector silent and reconnects.
        expect(count(run, /silent, reconnecting/)).toBeGreaterThanOrEqual(2);
        // The heap stayed bounded while the newline never came (the line buffer keeps at most MAX_LINE).
        const during = run.heap.filter(h => h.timeMs % HOUR >= 20 * MINUTE && h.timeMs % HOUR <= 24 * MINUTE).map(h => h.used);
        const calm = run.heap.filter(h => h.timeMs % HOUR >= 40 * MINUTE).map(h => h.used);
        expect(Math.max(...during)).toBeLessThan(Math.max(...calm) + 4 * MAX_LINE + 4096);
    });
});
