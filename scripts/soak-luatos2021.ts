/**
 * `npm run soak:luatos2021 -- --minutes 60`: the reference firmware (src/,
 * its own settings) on luatos2021 — the 2021 Air640W C code built for
 * Linux, in real time — against the collector on a loopback address, with
 * a repeating fault schedule. Prints the device's application lines and
 * the collector's events as they come, then the figures: samples sent,
 * received, lost; reconnects, reboots, beacons.
 *
 *   npm run soak:luatos2021 -- --minutes 60
 *   npm run soak:luatos2021 -- --minutes 20 --faults "refuse@1m+30s,close@3m" --repeat 5m
 *   npm run soak:luatos2021 -- --minutes 10 --quiet        # figures only, every minute and at the end
 *   npm run soak:luatos2021 -- --minutes 5 --compressed --faults "close@20s,refuse@40s+10s" --repeat 1m
 *                                                         # a sample a second, heartbeats every 3 s (COMPRESSED_PERIODS)
 *
 * Needs luatos2021 (`$LUATOS2021`, or ../shared/luatos/bin/ beside the checkout).
 * Exit code 0 when no sample was lost, no reboot was unplanned and the log
 * has no error; 1 otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkRepeat, describeFault, parseFaultSchedule, playFaultSchedule } from "../collector/fault-schedule.js";
import { COMPRESSED_PERIODS, LUATOS2021_LUA_HEAP, luatos2021Variant, referenceBinary } from "../collector/real-runtimes.js";
import { figureLines, runFigures, startLoopbackCollector } from "../collector/reference-run.js";
import { appLines, scriptFolderFromImage, startLuatos2021 } from "../collector/real-device.js";
import { COLLECTOR_HOST } from "../collector/rig.js";
import { UserError } from "../common/user-error.js";
import { parseDuration } from "../runtime/duration.js";
import { firmwareBuild } from "../test/firmware/firmware-build.js";

/** The default schedule, every 10 minutes: each fault the real network stack can show the firmware. */
const DEFAULT_FAULTS = "refuse@1m+40s,close@3m,silent@4m+2m,reset@7m,restart@8m+20s";
const DEFAULT_REPEAT = "10m";

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            minutes: { type: "string", default: "60" },
            faults: { type: "string", default: DEFAULT_FAULTS },
            repeat: { type: "string", default: DEFAULT_REPEAT },
            heap: { type: "string", default: String(LUATOS2021_LUA_HEAP) },
            quiet: { type: "boolean", default: false },
            compressed: { type: "boolean", default: false },
        },
    });
    const minutes = Number(values.minutes);
    if (!(minutes > 0)) throw new UserError(`--minutes "${values.minutes}": write a number of minutes above 0`);
    const heap = Number(values.heap);
    if (!Number.isInteger(heap) || heap < 32768) throw new UserError(`--heap "${values.heap}": write the Lua heap in bytes (at least 32768)`);
    const faults = parseFaultSchedule(values.faults);
    const repeatMs = values.repeat === "" ? undefined : parseDuration(values.repeat);
    if (repeatMs !== undefined && faults.length > 0) checkRepeat(faults, repeatMs);
    const binary = referenceBinary("luatos2021");

    const started = Date.now();
    const stamp = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(7)}] ${text}`);
    stamp(`building the reference firmware (Lua heap ${heap} B, heap guard at ${heap - 4096} B)`);
    const build = firmwareBuild(luatos2021Variant(heap, values.compressed ? COMPRESSED_PERIODS : {}));
    const dir = scriptFolderFromImage(path.join(build.projectDir, "build", "script.bin"), "soak-luatos2021-");
    const { collector, address } = await startLoopbackCollector({ event: values.quiet ? undefined : text => stamp(`collector: ${text}`) });
    stamp(`collector at ${address}:${collector.port} (beacons :${collector.beaconPort}); faults ${faults.map(describeFault).join(", ") || "none"}${repeatMs === undefined ? "" : ` every ${values.repeat}`}; ${minutes} min`);
    const device = startLuatos2021({
        binary,
        dir,
        luaHeap: heap,
        dns: { [COLLECTOR_HOST]: address },
        onLine: values.quiet ? undefined : line => {
            if (appLines([line]).length > 0 || /^I\/luat\.main LuatOS|^E\//.test(line)) stamp(`device: ${line.replace(/\t/g, " ")}`);
        },
    });
    const stopFaults = playFaultSchedule(collector, faults, repeatMs);
    const progress = setInterval(() => {
        const f = runFigures(collector, device, started);
        stamp(`progress: ${f.received} sample lines, ${f.distinct} distinct, lost ${f.lost}, beacons ${f.beacons}, boots ${f.device.boots}, planned reboots ${f.device.plannedReboots}`);
    }, 60_000);
    let stopping = false;
    await new Promise<void>(resolve => {
        const stop = () => {
            stopping = true;
            clearTimeout(timer);
            resolve();
        };
        const timer = setTimeout(stop, minutes * 60_000);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        void device.exited.then(() => {
            if (!stopping) stamp("luatos2021 ended on its own");
            stop();
        });
    });
    clearInterval(progress);
    stopFaults();
    await device.stop();
    await collector.stop();
    const figures = runFigures(collector, device, started);
    fs.writeFileSync(path.join(dir, "device.log"), device.lines.join("\n") + "\n");
    stamp(`device log: ${path.join(dir, "device.log")}`);
    for (const line of figureLines(figures)) console.log(`soak luatos2021: ${line}`);
    const unplanned = figures.device.boots - 1 - figures.device.plannedReboots;
    return figures.lost === 0 && unplanned === 0 && figures.device.errors.length === 0 ? 0 : 1;
}

main().then(
    code => {
        process.exitCode = code;
    },
    (error: unknown) => {
        if (error instanceof UserError) {
            console.error(`soak:luatos2021: ${error.message}`);
            process.exitCode = error.exitCode;
        } else {
            console.error(error);
            process.exitCode = 70;
        }
    },
);
