/**
 * The invariant checker on made-up records: a clean history passes, and each
 * kind of breakage is reported (so the fault matrix can fail).
 */
import { describe, expect, it } from "vitest";
import type { ReceivedSample } from "../../collector/collector.js";
import type { SocketRecord } from "../../runtime/index.js";
import { assertInvariants, findViolations, HEAP_TOLERANCE, LEAK_PER_START, type BootRecord, type InvariantInput } from "./invariants.js";

const BOOT_ID = 1_616_544_000;

function samples(connection: number, from: number, to: number, boot = BOOT_ID): ReceivedSample[] {
    const out: ReceivedSample[] = [];
    for (let seq = from; seq <= to; seq++) out.push({ boot, seq, connection, at: seq * 10_000 });
    return out;
}

function socket(id: string, protocol: "TCP" | "UDP", port: number, state: Partial<SocketRecord> = {}): { record: SocketRecord; openedAt: number } {
    return {
        record: { id, host: "collector.local", port, protocol, started: true, closed: true, cleaned: true, callbacks: [], ...state },
        openedAt: 1000,
    };
}

/**
 * 20 samples, a reconnect after 10 (samples 9 and 10 resent: their ACKs
 * were lost), the last 2 still queued, one of them already delivered.
 */
function cleanInput(): InvariantInput {
    const boot: BootRecord = {
        boot: 0,
        bootId: BOOT_ID,
        counters: { produced: 20, sent: 21, acked: 18, resent: 2, dropped: 0, queued: 2, reconnects: 1 },
        droppedSeqs: [],
        ended: false,
    };
    return {
        label: "made up",
        seed: 7,
        nowMs: 7_200_000,
        samples: [...samples(1, 1, 10), ...samples(2, 9, 19)],
        hellos: [
            { boot: BOOT_ID, connection: 1 },
            { boot: BOOT_ID, connection: 2 },
        ],
        acceptedConnections: 2,
        boots: [boot],
        sockets: [socket("1", "TCP", 9000), socket("2", "UDP", 9001), socket("3", "TCP", 9000, { closed: false, cleaned: false })],
        heap: [
            { timeMs: 1_800_000, used: 30_000, starts: 2 },
            { timeMs: 5_400_000, used: 30_000 + HEAP_TOLERANCE, starts: 2 },
        ],
        unexpectedErrors: [],
        sessionPort: 9000,
        beaconPort: 9001,
    };
}

function withBoot(input: InvariantInput, change: Omit<Partial<BootRecord>, "counters"> & { counters?: Partial<BootRecord["counters"]> }): InvariantInput {
    const boot = input.boots[0]!;
    return { ...input, boots: [{ ...boot, ...change, counters: { ...boot.counters, ...change.counters } }] };
}

describe("findViolations", () => {
    it("accepts a clean history with resends after a reconnect", () => {
        expect(findViolations(cleanInput())).toEqual([]);
    });

    it("reports a sample produced while the queue had room that never arrived, naming it", () => {
        const input = cleanInput();
        const problems = findViolations({ ...input, samples: input.samples.filter(s => s.seq !== 14) });
        expect(problems.join("\n")).toMatch(/never reached the collector; first: 14/);
    });

    it("accepts a missing sample that was dropped and logged, and requires the counter to match", () => {
        const input = cleanInput();
        const lost = { ...input, samples: input.samples.filter(s => s.seq !== 3) };
        expect(findViolations(withBoot(lost, { droppedSeqs: [3], counters: { dropped: 1, acked: 17 } }))).toEqual([]);
        expect(findViolations(withBoot(lost, { droppedSeqs: [3], counters: { dropped: 2, acked: 16 } })).join("\n")).toMatch(/dropped counter is 2 but 1 drops were logged/);
    });

    it("is exact about drops: a dropped sample that arrived anyway is accounted, an unlogged drop is not", () => {
        const input = cleanInput();
        // Sample 5 was delivered, then evicted before its ACK came back.
        expect(findViolations(withBoot(input, { droppedSeqs: [5], counters: { dropped: 1, acked: 17 } }))).toEqual([]);
        // Counters that do not add up.
        expect(findViolations(withBoot(input, { counters: { acked: 17 } })).join("\n")).toMatch(/produced 20 != acked 17 \+ dropped 0 \+ queued 2/);
    });

    it("reports a duplicate on the same connection and a reordering", () => {
        const input = cleanInput();
        const duplicated = [...samples(1, 1, 10), ...samples(1, 10, 10), ...samples(2, 11, 19)];
        expect(findViolations({ ...input, samples: duplicated }).join("\n")).toMatch(/connection 1: sample .*:10 after .*:10/);
        const reordered = [...samples(1, 1, 4), ...samples(1, 6, 6), ...samples(2, 5, 5), ...samples(2, 7, 19)];
        expect(findViolations({ ...input, samples: reordered }).join("\n")).toMatch(/sample 5 first arrived after sample 6/);
    });

    it("reports a duplicate on an earlier connection than the first copy", () => {
        const input = cleanInput();
        const early = [...samples(2, 1, 10), ...samples(1, 9, 19)];
        expect(findViolations({ ...input, samples: early }).join("\n")).toMatch(/duplicated without a reconnect/);
    });

    it("reports a lost crash tail longer than the queue, and boots sharing an id", () => {
        const input = { ...cleanInput(), hellos: [{ boot: BOOT_ID, connection: 1 }] };
        const crashed = withBoot({ ...input, samples: samples(1, 1, 15) }, { ended: true, counters: { produced: 20, acked: 15, queued: 5, sent: 15, resent: 0, reconnects: 0 } });
        expect(findViolations(crashed)).toEqual([]);
        const tooMuch = withBoot({ ...input, samples: samples(1, 1, 14) }, { ended: true, counters: { produced: 20, acked: 15, queued: 5, sent: 15, resent: 0, reconnects: 0 } });
        expect(findViolations(tooMuch).join("\n")).toMatch(/never reached the collector; first: 15/);
        const twice = { ...input, boots: [...input.boots, { ...input.boots[0]!, boot: 1 }] };
        expect(findViolations(twice).join("\n")).toMatch(/boots share a boot id/);
    });

    it("reports a socket never cleaned, except the live session's and a beacon in flight", () => {
        const input = cleanInput();
        const leaked = { ...input, sockets: [socket("1", "TCP", 9000, { cleaned: false }), ...input.sockets] };
        expect(findViolations(leaked).join("\n")).toMatch(/socket 1 \(TCP collector.local:9000, closed, callbacks none\) was never cleaned/);
        const closedSession = { ...input, sockets: [socket("3", "TCP", 9000, { closed: true, cleaned: false })] };
        expect(findViolations(closedSession)).toHaveLength(1);
        const beacon = { ...socket("4", "UDP", 9001, { cleaned: false, closed: false }), openedAt: input.nowMs - 2000 };
        expect(findViolations({ ...input, sockets: [...input.sockets, beacon] })).toEqual([]);
        expect(findViolations({ ...input, sockets: [...input.sockets, { ...beacon, openedAt: input.nowMs - 60_000 }] })).toHaveLength(1);
    });

    it("reports heap growth from hour 1 to hour 2 beyond the tolerance", () => {
        const input = cleanInput();
        const grown = { ...input, heap: [input.heap[0]!, { timeMs: 5_400_000, used: 30_000 + HEAP_TOLERANCE + 1, starts: 2 }] };
        const base = 30_000 - 2 * LEAK_PER_START;
        expect(findViolations(grown).join("\n")).toMatch(new RegExp(`heap grew: peak ${base + HEAP_TOLERANCE + 1} B in hour 2 against ${base} B in hour 1`));
    });

    it("takes the known leak out: growth by started objects passes, other growth of the same size does not", () => {
        const input = cleanInput();
        const leak = 20 * LEAK_PER_START;
        const started = { ...input, heap: [input.heap[0]!, { timeMs: 5_400_000, used: 30_000 + leak, starts: 22 }] };
        expect(findViolations(started)).toEqual([]);
        const other = { ...input, heap: [input.heap[0]!, { timeMs: 5_400_000, used: 30_000 + leak, starts: 2 }] };
        expect(findViolations(other).join("\n")).toMatch(/heap grew/);
    });

    it("reports a heap reading past the device's bound", () => {
        const input = { ...cleanInput(), heapBound: 30_500 };
        expect(findViolations(input).join("\n")).toMatch(/heap 31024 B at 5400 s is past the bound of 30500 B \(2 objects started\)/);
    });

    it("puts the seed and the run in the failure message", () => {
        const input = cleanInput();
        expect(() => assertInvariants({ ...input, unexpectedErrors: ["crash: boom"] })).toThrow(/seed 7, made up\n {2}- firmware error: crash: boom/);
    });
});
