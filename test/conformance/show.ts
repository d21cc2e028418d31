/**
 * Runs conformance cases by name (or name prefix) and prints each
 * comparison: `npx tsx test/conformance/show.ts socket/ [--sys toolkit]`.
 */
import { compareCase, lineDiff, loadCases, normalize, oracleBinary, pool, runOracle, SIMULATOR_SLOTS, type SysVariant } from "./harness.js";

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const sysAt = args.indexOf("--sys");
    const sys: SysVariant = sysAt >= 0 ? (args.splice(sysAt, 2)[1] as SysVariant) : "official";
    const binary = oracleBinary();
    if (binary === undefined) throw new Error("luatos2021 not found (set LUATOS2021)");
    const cases = loadCases().filter(c => args.length === 0 || args.some(a => c.name.startsWith(a)));
    // Firmware runs first (this process only serves their servers meanwhile), then the simulator runs.
    const firmware = new Map<string, string[]>();
    await pool(cases, 12, async c => {
        const r = await runOracle(c, binary, sys);
        firmware.set(c.name, normalize(c, r.output, r.servers));
    });
    const results = await pool(cases, SIMULATOR_SLOTS, async c => ({ c, r: await compareCase(c, binary, sys, Promise.resolve(firmware.get(c.name)!)) }));
    let same = 0;
    for (const { c, r } of results) {
        const equal = r.firmware.join("\n") === r.simulator.join("\n");
        if (equal) same += 1;
        console.log(`${equal ? "SAME" : "DIFF"} ${c.name}`);
        if (!equal || args.length > 0) console.log(lineDiff(r.firmware, r.simulator).replace(/^/gm, "    "));
    }
    console.log(`${same}/${results.length} the same (sys: ${sys})`);
}

void main();
