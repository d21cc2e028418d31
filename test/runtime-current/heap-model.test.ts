/**
 * The current generation's heap figures against the real firmware: the
 * programs of heap-programs.ts (boot only, sys-heavy, data, strings kept
 * then dropped, zbuff and sockets, libnet tasks, the reference firmware)
 * run on luatos-pc and on the
 * simulator as board pc; `collectgarbage("count")` and `rtos.meminfo()` used
 * must agree within the tolerance below. `npx tsx bench/heap-model-current.ts`
 * prints the table.
 *
 * luatos-pc is $LUATOS_PC or ../shared/luatos/bin/luatos-pc beside the
 * checkout; without it the test skips (and fails under CI=true).
 */
import { afterAll, describe, expect, it } from "vitest";
import { bootDevice } from "../../runtime/index.js";
import { requireReferenceBinary } from "../support/reference-programs.js";
import { firmwareFolder, removeTemporaryFolders } from "./helpers.js";
import { compareHeap, difference, HEAP_PROGRAMS } from "./heap-programs.js";

/**
 * Allowed relative difference of either figure, on every program. What
 * the model leaves out is in docs/heap-current.md ("What still differs").
 */
const TOLERANCE = 0.05;

describe("heap figures of today's firmware: simulator vs luatos-pc", () => {
    it("agree on every program, both figures", { timeout: 180_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        const rows = await compareHeap(binary);
        expect(rows.map(r => r.program)).toEqual([...Object.keys(HEAP_PROGRAMS), "reference firmware"]);
        const report = rows.map(r => `${r.program}: count ${r.pc.luaBytes} vs ${r.simulator.luaBytes}, meminfo ${r.pc.allocatedBytes} vs ${r.simulator.allocatedBytes}`).join("\n");
        for (const { program, pc, simulator } of rows) {
            expect(Math.abs(difference(simulator.luaBytes, pc.luaBytes)), `${program} count\n${report}`).toBeLessThanOrEqual(TOLERANCE);
            expect(Math.abs(difference(simulator.allocatedBytes, pc.allocatedBytes)), `${program} meminfo\n${report}`).toBeLessThanOrEqual(TOLERANCE);
        }
    });
});

/** Runs `body` on the simulated pc board; `mark(name)` in it prints `collectgarbage("count")` in bytes after a collect. */
async function marks(body: string): Promise<Record<string, number>> {
    const main = `local function mark(name) collectgarbage("collect") print("MARK", name, math.floor(collectgarbage("count") * 1024), select(2, rtos.meminfo())) end\n${body}\nos.exit(0)\n`;
    const device = bootDevice({ buildDir: firmwareFolder(main), board: "pc", firmwareLogs: false, rebootOnCrash: false });
    try {
        await device.run("5s", { until: { log: "[sim] os.exit" } });
        const figures: Record<string, number> = {};
        for (const { text } of device.log) {
            const m = text.match(/^MARK\s+(\S+)\s+(\d+)\s+(\d+)/);
            if (m !== null) {
                figures[m[1]!] = Number(m[2]);
                figures[`${m[1]!}.meminfo`] = Number(m[3]);
            }
        }
        return figures;
    } finally {
        device.dispose();
    }
}

describe("the current generation's size model on the simulator (board pc: 64-bit pointers, bget)", () => {
    afterAll(removeTemporaryFolders);

    it("starts from the firmware's boot heap, not the simulator's", async () => {
        const figures = await marks(`mark("start")`);
        // 47977 bytes before main.lua on luatos-pc, plus main.lua's own chunk.
        expect(figures.start).toBeGreaterThan(47_977);
        expect(figures.start).toBeLessThan(47_977 + 2_000);
    });

    it("keeps a table's array after its values are removed, as C Lua does until the next rehash", async () => {
        const figures = await marks(`T = {}\nfor i = 1, 64 do T[i] = i end\nmark("full")\nfor i = 1, 64 do T[i] = nil end\nmark("emptied")\nT = nil\nmark("gone")`);
        expect(figures.emptied).toBe(figures.full);
        // Table header 56 + 64 array slots of 16 bytes.
        expect(figures.full! - figures.gone!).toBe(56 + 64 * 16);
    });

    it("gives a constructor the slots it lists, nils included", async () => {
        const figures = await marks(`A = {1}\nmark("one")\nA = {1, nil, nil, nil}\nmark("four")`);
        expect(figures.four! - figures.one!).toBe(3 * 16);
    });

    it("counts bget's 16-byte header and 8-byte rounding in rtos.meminfo(), not in collectgarbage", async () => {
        const figures = await marks(`mark("before")\nS = string.rep("x", 100)\nmark("after")`);
        // A long string: 24-byte header + 100 bytes + NUL = 125; bget: rounded to 128, plus 16.
        expect(figures.after! - figures.before!).toBe(125);
        expect(figures["after.meminfo"]! - figures["before.meminfo"]!).toBe(144);
    });
});
