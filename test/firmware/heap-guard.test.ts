/**
 * The netclient leak and the heap guard. Every started netclient object
 * stays in the heap until reboot (luat_lib_socket.c:93), so a firmware that
 * starts objects often must reboot on purpose before the heap runs out. A
 * stress variant of the reference firmware (a beacon every heartbeat: two
 * starts a minute instead of one per half hour) spends its start budget in
 * about ten minutes. With the guard it reboots as planned, its queue saved
 * and restored, and every invariant holds across the reboots (no sample
 * lost); the same variant with the guard turned off runs out of memory:
 * unplanned reboots, and the invariants catch it.
 */
import { describe, expect, it } from "vitest";
import { findViolations } from "./invariants.js";
import { SESSION } from "./fault-matrix.js";
import { HOUR, invariantInput, MINUTE, plannedReboots, runFirmware } from "./run-firmware.js";

/** A beacon at every heartbeat (30 s). */
const STRESS = { BEACON_EVERY_HEARTBEATS: 1 };
/** The same with the guard's limits out of reach. */
const UNGUARDED = { ...STRESS, HEAP_GUARD_STARTS: 1_000_000, HEAP_GUARD_BYTES: 100_000_000 };
/**
 * The collector refuses connections three times for 9 minutes (54 samples:
 * the queue of 64 holds them): samples queue up, and the session's retries
 * start objects too, so some planned reboots come with a full-ish queue.
 */
const OUTAGES = [8, 25, 42].flatMap(m => [
    { kind: "reset" as const, at: m * MINUTE + 1_234, ...SESSION },
    { kind: "refuse" as const, from: m * MINUTE, until: (m + 9) * MINUTE, ...SESSION },
]);

describe("the heap guard against the netclient leak", () => {
    it("reboots as planned before the heap runs out and loses no sample", async () => {
        const run = await runFirmware({ seed: 3, durationMs: HOUR, variant: STRESS, faults: OUTAGES, label: "heap guard, stress variant" });
        try {
            const input = invariantInput(run);
            expect(findViolations(input)).toEqual([]);
            const planned = plannedReboots(run.device);
            expect(planned.length).toBeGreaterThanOrEqual(3);
            expect(run.device.reboots).toBe(planned.length);
            expect(run.device.errors).toEqual([]);
            // Planned reboots continue one session boot: one boot id, samples 1..produced all delivered.
            expect(input.boots).toHaveLength(1);
            const boot = input.boots[0]!;
            expect(boot.counters.dropped).toBe(0);
            const delivered = new Set(run.rig.collector.samples.filter(s => s.boot === boot.bootId).map(s => s.seq));
            for (let seq = 1; seq <= boot.counters.produced - boot.counters.queued; seq++) expect(delivered.has(seq)).toBe(true);
            // At least one reboot carried queued samples across (saved during an outage).
            const saved = run.lines.filter(l => /planned reboot, queue\tsaved\t[1-9]/.test(l));
            expect(saved.length).toBeGreaterThan(0);
            // The heap stayed under the bound: every reading, and the peak the device saw.
            expect(Math.max(...run.heap.map(h => h.used))).toBeLessThan(run.device.heapLimit!);
            // The boot report says which reboots were planned.
            expect(run.rig.collector.bootReports.filter(r => r.endsWith(" planned")).length).toBe(planned.length);
        } finally {
            run.device.dispose();
        }
    });

    it("without the guard the same firmware runs out of memory, and the invariants say so", async () => {
        const run = await runFirmware({ seed: 3, durationMs: HOUR, variant: UNGUARDED, faults: OUTAGES, label: "no heap guard, stress variant" });
        try {
            expect(plannedReboots(run.device)).toEqual([]);
            expect(run.device.errors.some(e => /not enough memory/.test(e.message))).toBe(true);
            const problems = findViolations(invariantInput(run));
            expect(problems.join("\n")).toMatch(/not enough memory/);
            expect(problems.join("\n")).toMatch(/the device rebooted \d+ times; the test caused 0, the heap guard planned 0/);
        } finally {
            run.device.dispose();
        }
    });
});
