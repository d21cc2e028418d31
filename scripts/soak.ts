/**
 * The reference firmware (src/) on a real LuatOS runtime, in real time,
 * against the collector on a loopback address with a repeating fault
 * schedule. Prints the device's application lines and the collector's
 * events as they come, progress every minute, then the figures: samples
 * sent, received, lost; reconnects, reboots, beacons.
 *
 *   npm run soak:luatos2021 -- --minutes 60    # the 2021 Air640W C code (luatos2021), the firmware's own periods
 *   npm run soak:luatos-pc                     # today's PC build (luatos-pc), 5 minutes, firmware built with --board pc
 *   npm run soak:luatos2021 -- --minutes 20 --faults "refuse@1m+30s,close@3m" --repeat 5m
 *   npm run soak:luatos2021 -- --minutes 5 --compressed --faults "close@20s,refuse@40s+10s" --repeat 1m
 *                       # --compressed: a sample a second, heartbeats every 3 s (COMPRESSED_PERIODS)
 *   --quiet             # only progress and the figures
 *   --heap BYTES        # luatos2021's Lua heap (default LUATOS2021_LUA_HEAP)
 *
 * Needs the runtime (`$LUATOS2021` / `$LUATOS_PC`). Exit code 0 when no
 * sample was lost, no reboot was unplanned and the device logged no error;
 * 1 otherwise (and for bad flags, in one line).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkRepeat, describeFault, parseFaultSchedule, playFaultSchedule } from "../collector/fault-schedule.js";
import { appLines } from "../test/support/real-device.js";
import { COMPRESSED_PERIODS, LUATOS2021_LUA_HEAP, SAVE_RESERVE_BYTES } from "../test/support/real-runtimes.js";
import { referenceBinary } from "../test/support/reference-programs.js";
import { figureLines, launchReference, runFigures, startLoopbackCollector, type RealRuntime } from "../test/support/reference-run.js";
import { ExitCode } from "../common/exit-codes.js";
import { UserError } from "../common/user-error.js";
import { parseDuration } from "../runtime/duration.js";

/**
 * The default schedule, every 10 minutes: each fault the real network stack
 * can show the firmware. Refusing only turns new connects away, so the open
 * connection is closed at the same time (listed after it: it happens after).
 */
const DEFAULT_FAULTS = "refuse@1m+40s,close@1m,close@3m,silent@4m+2m,reset@7m,restart@8m+20s";
const DEFAULT_REPEAT = "10m";

/** The flags. */
const OPTIONS = {
    runtime: { type: "string", default: "luatos2021" },
    minutes: { type: "string" },
    faults: { type: "string", default: DEFAULT_FAULTS },
    repeat: { type: "string", default: DEFAULT_REPEAT },
    heap: { type: "string", default: String(LUATOS2021_LUA_HEAP) },
    quiet: { type: "boolean", default: false },
    compressed: { type: "boolean", default: false },
} as const;

async function main(): Promise<number> {
    let values;
    try {
        values = parseArgs({ options: OPTIONS }).values;
    } catch (error) {
        // An unknown or malformed flag: one line, the usage exit code.
        throw new UserError((error as Error).message, ExitCode.Usage);
    }
    const runtime = values.runtime as RealRuntime;
    if (runtime !== "luatos2021" && runtime !== "luatos-pc") throw new UserError(`--runtime "${values.runtime}": luatos2021 or luatos-pc`);
    const minutesText = values.minutes ?? (runtime === "luatos2021" ? "60" : "5");
    const minutes = Number(minutesText);
    if (!(minutes > 0)) throw new UserError(`--minutes "${minutesText}": write a number of minutes above 0`);
    const heap = Number(values.heap);
    if (!Number.isInteger(heap) || heap < 32768) throw new UserError(`--heap "${values.heap}": write the Lua heap in bytes (at least 32768)`);
    const faults = parseFaultSchedule(values.faults);
    const repeatMs = values.repeat === "" ? undefined : parseDuration(values.repeat);
    if (repeatMs !== undefined && faults.length > 0) checkRepeat(faults, repeatMs);
    const binary = referenceBinary(runtime);

    const started = Date.now();
    const stamp = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(7)}] ${text}`);
    const { collector, address } = await startLoopbackCollector({ event: values.quiet ? undefined : text => stamp(`collector: ${text}`) });
    stamp(`building the reference firmware for ${runtime}` + (runtime === "luatos2021" ? ` (Lua heap ${heap} B, heap guard at ${heap - SAVE_RESERVE_BYTES} B)` : " (--board pc)"));
    const { device, folder } = launchReference({
        runtime,
        binary,
        address,
        luaHeap: heap,
        settings: values.compressed ? COMPRESSED_PERIODS : {},
        onLine: values.quiet ? undefined : line => {
            if (appLines([line]).length > 0 || /^I\/luat\.main LuatOS|^I\/main LuatOS|^E\//.test(line)) stamp(`device: ${line.replace(/\t/g, " ")}`);
        },
    });
    stamp(`collector at ${address}:${collector.port} (beacons :${collector.beaconPort}); faults ${faults.map(describeFault).join(", ") || "none"}${repeatMs === undefined ? "" : ` every ${values.repeat}`}; ${minutes} min`);
    const runStart = Date.now();
    const stopFaults = playFaultSchedule(collector, faults, repeatMs);
    const progress = setInterval(() => {
        const f = runFigures(collector, device, runStart);
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
            if (!stopping) stamp(`${runtime} ended on its own`);
            stop();
        });
    });
    clearInterval(progress);
    stopFaults();
    await device.stop();
    await collector.stop();
    const figures = runFigures(collector, device, runStart);
    fs.writeFileSync(path.join(folder, "device.log"), device.lines.join("\n") + "\n");
    stamp(`device log: ${path.join(folder, "device.log")}`);
    for (const line of figureLines(figures)) console.log(`soak ${runtime}: ${line}`);
    const unplanned = figures.device.boots - 1 - figures.device.plannedReboots;
    return figures.lost === 0 && unplanned === 0 && figures.device.errors.length === 0 ? 0 : 1;
}

main().then(
    code => {
        process.exitCode = code;
    },
    (error: unknown) => {
        if (error instanceof UserError) {
            console.error(`soak: ${error.message}`);
            process.exitCode = error.exitCode;
        } else {
            console.error(error);
            process.exitCode = 70;
        }
    },
);
