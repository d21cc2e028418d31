/**
 * Runs cases of today's generation (cases-current/) by name or name prefix on
 * luatos-pc and on the simulator and prints each comparison:
 * `npx tsx test/conformance/show-current.ts socket/`.
 */
import { lineDiff, pool, SIMULATOR_SLOTS } from "./harness.js";
import { loadCurrentCases, luatosPcBinary, normalizeCurrent, runCurrentSimulator, runLuatosPc } from "./harness-current.js";

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const binary = luatosPcBinary();
    if (binary === undefined) throw new Error("luatos-pc not found (set LUATOS_PC)");
    const cases = loadCurrentCases().filter(c => args.length === 0 || args.some(a => c.name.startsWith(a)));
    // luatos-pc runs first (this process only serves their servers meanwhile), then the simulator runs.
    const firmware = new Map<string, string[]>();
    await pool(cases, 8, async c => {
        const r = await runLuatosPc(c, binary);
        firmware.set(c.name, normalizeCurrent(c, r.output, r.servers));
    });
    const results = await pool(cases, SIMULATOR_SLOTS, async c => {
        const r = await runCurrentSimulator(c);
        return { c, firmware: firmware.get(c.name)!, simulator: normalizeCurrent(c, r.output, r.servers) };
    });
    let same = 0;
    for (const { c, firmware: fw, simulator } of results) {
        const equal = fw.join("\n") === simulator.join("\n");
        if (equal) same += 1;
        console.log(`${equal ? "SAME" : "DIFF"} ${c.name}`);
        if (!equal || args.length > 0) console.log(lineDiff(fw, simulator).replace(/^/gm, "    "));
    }
    console.log(`${same}/${results.length} the same (luatos-pc)`);
}

void main();
