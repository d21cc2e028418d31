/**
 * Fleet throughput: N devices (default 1000) of the 10 s-heartbeat firmware
 * (bench/sim-heartbeat.ts's) for one device hour each, first on one worker
 * thread, then on every core Node may use. Prints wall and CPU time for each
 * and the speed-up. Run: npx tsx bench/sim-fleet.ts [devices] [duration]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileStdlib } from "../compiler/stdlib.js";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { runFleet, type FleetResult } from "../runtime/index.js";

const DEVICES = Number(process.argv[2] ?? 1000);
const DURATION = process.argv[3] ?? "1h";
const MAIN = fs.readFileSync(path.join(TOOLKIT_ROOT, "bench", "sim-heartbeat.ts"), "utf8").split("const MAIN = `")[1]!.split("`;")[0]!;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-bench-"));
for (const file of compileStdlib()) fs.writeFileSync(path.join(dir, file.name), file.data);
fs.writeFileSync(path.join(dir, "main.lua"), MAIN);

/** Runs the fleet and measures wall time and the CPU time of the whole process (every thread). */
async function measured(workers: number): Promise<{ result: FleetResult; cpuS: number }> {
    const cpu = process.cpuUsage();
    const result = await runFleet({ devices: DEVICES, buildDir: dir, duration: DURATION, workers });
    const used = process.cpuUsage(cpu);
    return { result, cpuS: (used.user + used.system) / 1e6 };
}

function report({ result, cpuS }: { result: FleetResult; cpuS: number }): string {
    return (
        `${DEVICES} devices x ${DURATION} on ${result.workers} worker(s): ${(result.wallMs / 1000).toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU, ` +
        `${result.logLines} log lines, ${result.reboots} reboots, errors ${JSON.stringify(result.errors)}`
    );
}

try {
    const cores = os.availableParallelism();
    const one = await measured(1);
    console.log(report(one));
    if (cores > 1) {
        const all = await measured(cores);
        console.log(report(all));
        console.log(`wall-time speed-up with ${cores} workers: ${(one.result.wallMs / all.result.wallMs).toFixed(2)}x (the machine's other load counts too)`);
    } else console.log("one core available: no multi-worker run");
} finally {
    fs.rmSync(dir, { recursive: true, force: true });
}
