/**
 * `npm start`: build the reference firmware, run it on the simulated device
 * against the embedded collector for a fixed device time, print the device's
 * serial log and a summary: the last boot's counters beside what the
 * collector received from that boot, then totals over every boot.
 *
 *   npm start                 # 30 minutes of device time
 *   npm start -- --for 2h     # longer
 *   npm start -- --verbose    # with the firmware's own C log lines (I/luat.netc ...)
 */
import * as path from "node:path";
import { build } from "../compiler/build.js";
import { UserError } from "../common/user-error.js";
import { bootDevice } from "../runtime/index.js";
import { parseDuration } from "../runtime/duration.js";
import type { Collector } from "./collector.js";
import { lastStats, startTelemetryRig } from "./rig.js";

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const forIndex = args.indexOf("--for");
    const duration = forIndex >= 0 ? (args[forIndex + 1] ?? "") : "30m";
    const ms = parseDuration(duration);
    const root = path.resolve(import.meta.dirname, "..");
    build({ cwd: root, log: line => console.log(line) });
    const device = bootDevice({
        buildDir: path.join(root, "build", "lua"),
        cwd: root,
        firmwareLogs: args.includes("--verbose"),
        onLog: line => console.log(`[${(line.timeMs / 1000).toFixed(3).padStart(9)}] ${line.text}`),
        keepLog: true,
    });
    const net = device.virtualNetwork;
    if (net === undefined) throw new Error("the simulated device has no virtual network");
    const rig = startTelemetryRig(net);
    console.log(`--- simulated device, ${duration} of device time, collector at collector.local:9000`);
    await device.run(ms);
    // Ask for the counters at the end rather than waiting for the next periodic line.
    device.publish("STATS");
    await device.run(1000);
    const stats = lastStats(device.log.map(l => l.text)) ?? {};
    for (const line of summaryLines(stats, rig.collector, rig.beacons.length, rig.collector.bootReports.length, device.reboots, device.errors.length)) console.log(line);
    device.dispose();
}

/**
 * The summary: the device's counters (which restart at every boot) next to
 * what the collector received from that same boot, counted the same way
 * (sample lines, resends included; distinct samples), then the totals over
 * every boot.
 */
function summaryLines(stats: Record<string, number>, c: Collector, beacons: number, reports: number, reboots: number, errors: number): string[] {
    const n = (key: string) => (stats[key] === undefined ? "?" : String(stats[key]));
    const lastBoot = c.hellos[c.hellos.length - 1]?.boot;
    // Samples are numbered from 1 per boot: those up to `produced` existed when the stats line was printed.
    const fromBoot = c.samples.filter(s => s.boot === lastBoot && s.seq <= (stats.produced ?? Infinity));
    const distinctFromBoot = new Set(fromBoot.map(s => s.seq)).size;
    const firstSends = stats.sent !== undefined && stats.resent !== undefined ? String(stats.sent - stats.resent) : "?";
    const which = reboots > 0 ? "last boot (the device's counters restart at each boot)" : "one boot";
    return [
        `--- summary, ${which}: samples produced ${n("produced")}; sample lines sent ${n("sent")} (${n("resent")} resent), ` +
            `the collector received ${fromBoot.length}; distinct samples sent ${firstSends}, the collector received ${distinctFromBoot}; ` +
            `acknowledged ${n("acked")}, dropped from the queue ${n("dropped")}, still queued ${n("queued")}, reconnects ${n("reconnects")}`,
        `--- summary, all boots: collector received ${c.samples.length} sample lines, ${c.distinct()} distinct samples (${c.duplicates()} duplicates), ` +
            `${beacons} beacons, ${reports} boot reports; device rebooted ${reboots} times, ${errors} errors`,
    ];
}

main().catch((error: unknown) => {
    if (error instanceof UserError) {
        console.error(`luatos-ts: ${error.message}`);
        process.exitCode = error.exitCode;
    } else {
        console.error(error);
        process.exitCode = 70;
    }
});
