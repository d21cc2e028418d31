/**
 * The current generation's heap figures against the real firmware: the
 * programs of heap-programs.ts (boot only, sys-heavy, data, zbuff and
 * sockets, libnet tasks, the reference firmware) run on luatos-pc and on the
 * simulator as board pc; `collectgarbage("count")` and `rtos.meminfo()` used
 * must agree within the tolerance below. `npx tsx bench/heap-model-current.ts`
 * prints the table.
 *
 * luatos-pc is $LUATOS_PC or ../shared/luatos/bin/luatos-pc beside the
 * checkout; without it the test skips (and fails under CI=true).
 */
import { describe, expect, it } from "vitest";
import { requireReferenceBinary } from "../support/tools.js";
import { compareHeap, difference, HEAP_PROGRAMS } from "./heap-programs.js";

/** Allowed relative difference per program (the goal is 5%); programs listed in WIDER are known to be further off. */
const TOLERANCE = 0.05;

/**
 * Known gaps, each with its cause (docs/heap.md): C tables keep the slots
 * they once had (a constructor `{a, b, nil, nil}` allocates 4, a queue
 * emptied by table.remove keeps its array, a hash part keeps removed keys'
 * nodes) while the model sizes a table from the keys it holds now.
 */
const WIDER: Record<string, number> = {
    "libnet tasks": 0.22,
    "reference firmware": 0.09,
};

describe("heap figures of today's firmware: simulator vs luatos-pc", () => {
    it("agree on every program, both figures", { timeout: 180_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        const rows = await compareHeap(binary);
        expect(rows.map(r => r.program)).toEqual([...Object.keys(HEAP_PROGRAMS), "reference firmware"]);
        const report = rows.map(r => `${r.program}: count ${r.pc.luaBytes} vs ${r.simulator.luaBytes}, meminfo ${r.pc.allocatedBytes} vs ${r.simulator.allocatedBytes}`).join("\n");
        for (const { program, pc, simulator } of rows) {
            const allowed = WIDER[program] ?? TOLERANCE;
            expect(Math.abs(difference(simulator.luaBytes, pc.luaBytes)), `${program} count\n${report}`).toBeLessThanOrEqual(allowed);
            expect(Math.abs(difference(simulator.allocatedBytes, pc.allocatedBytes)), `${program} meminfo\n${report}`).toBeLessThanOrEqual(allowed);
        }
    });
});
