/**
 * `npm start`: build the reference firmware, run it on the simulated device
 * against the embedded collector for a fixed device time, print the device's
 * serial log and a one-line summary.
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
    const c = rig.collector;
    console.log(
        `--- summary: samples sent ${stats.sent ?? "?"}, acknowledged ${stats.acked ?? "?"}, resent ${stats.resent ?? "?"}, ` +
            `dropped ${stats.dropped ?? "?"}, reconnects ${stats.reconnects ?? "?"}; collector received ${c.distinct()} distinct samples ` +
            `(${c.duplicates()} duplicates), ${rig.beacons.length} beacons, ${rig.reports.lines.length} boot reports; ` +
            `device rebooted ${device.reboots} times, ${device.errors.length} errors`,
    );
    device.dispose();
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
