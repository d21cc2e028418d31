/**
 * The conformance corpus of today's generation: every case of
 * cases-current/ on luatos-pc (LuatOS's PC build) and on the simulator as
 * board pc. Without luatos-pc the corpus is skipped (with a message), and
 * fails under CI=true.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_DIFFERENCES_CURRENT } from "./expected-differences-current.js";
import { lineDiff, machineLoaded, pool, sameUpToInterleaving, SIMULATOR_SLOTS, type Comparison } from "./harness.js";
import { loadCurrentCases, luatosPcBinary, normalizeCurrent, runCurrentSimulator, runLuatosPc } from "./harness-current.js";
import type { ConformanceCase } from "./harness.js";

const binary = luatosPcBinary();
const cases = loadCurrentCases();
const results = new Map<string, Comparison>();

/** How many more times a case that differs unexpectedly runs (alone) before it counts as differing. */
const RERUNS = 2;
const retried = new Map<string, number>();
/** Cases that still differed after their reruns, on a loaded machine, only in how the Lua and C lines interleave. */
const interleavedUnderLoad = new Set<string>();

function differs(r: Comparison): boolean {
    return r.firmware.join("\n") !== r.simulator.join("\n");
}

async function firmwareLines(c: ConformanceCase): Promise<string[]> {
    const r = await runLuatosPc(c, binary!);
    return normalizeCurrent(c, r.output, r.servers);
}

async function simulatorLines(c: ConformanceCase): Promise<string[]> {
    const r = await runCurrentSimulator(c);
    return normalizeCurrent(c, r.output, r.servers);
}

describe.runIf(binary === undefined)("conformance corpus of today's firmware without luatos-pc", () => {
    it("needs luatos-pc", ctx => {
        const message = "luatos-pc not found (../shared/luatos/bin/luatos-pc or $LUATOS_PC): conformance corpus of today's firmware skipped";
        if (process.env.CI === "true") throw new Error(`${message}; CI=true needs it`);
        ctx.skip(message);
    });
});

describe.runIf(binary !== undefined)("conformance corpus against luatos-pc", () => {
    beforeAll(async () => {
        // luatos-pc runs first, while this process only serves their loopback servers (a busy event loop
        // answers late); then the simulator runs, a few at a time (they share this process's event loop).
        const firmware = new Map<string, string[]>();
        await pool(cases, 8, async c => firmware.set(c.name, await firmwareLines(c)));
        await pool(cases, SIMULATOR_SLOTS, async c => {
            results.set(c.name, { firmware: firmware.get(c.name)!, simulator: await simulatorLines(c) });
        });
        // Both run on the wall clock: a case that differs where no difference is listed runs again alone,
        // up to twice; a real difference differs every time.
        for (const c of cases) {
            if (EXPECTED_DIFFERENCES_CURRENT[c.name] !== undefined) continue;
            for (let attempt = 0; attempt < RERUNS && differs(results.get(c.name)!); attempt++) {
                const fw = await firmwareLines(c);
                results.set(c.name, { firmware: fw, simulator: await simulatorLines(c) });
                retried.set(c.name, attempt + 1);
            }
            const r = results.get(c.name)!;
            if (differs(r) && machineLoaded() && sameUpToInterleaving(r.firmware, r.simulator)) interleavedUnderLoad.add(c.name);
        }
    }, 600_000);

    it("has cases, each naming what it checks; every listed difference names a case", () => {
        expect(cases.length).toBeGreaterThanOrEqual(40);
        for (const name of Object.keys(EXPECTED_DIFFERENCES_CURRENT)) expect(cases.map(c => c.name)).toContain(name);
    });

    for (const c of cases) {
        const expected = EXPECTED_DIFFERENCES_CURRENT[c.name];
        it(`${c.name}${expected !== undefined ? ` differs (${expected.reason}): ${expected.what}` : ""}`, ctx => {
            const r = results.get(c.name)!;
            // Not a verdict either way: luatos-pc's threads raced the wall clock (harness.ts sameUpToInterleaving).
            if (interleavedUnderLoad.has(c.name)) ctx.skip(`the machine is loaded: the lines differed only in how Lua's and the C layer's interleave\n${lineDiff(r.firmware, r.simulator)}`);
            if (expected !== undefined) expect(differs(r), `${c.name} now matches luatos-pc: remove it from expected-differences-current.ts`).toBe(true);
            else {
                const runs = 1 + (retried.get(c.name) ?? 0);
                expect(differs(r), `${c.checks}${runs > 1 ? ` (differed in all ${runs} runs)` : ""}\n${lineDiff(r.firmware, r.simulator)}`).toBe(false);
            }
        });
    }
});
