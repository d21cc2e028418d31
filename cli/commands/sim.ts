import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { BOARD_NAMES, DEFAULT_BOARD, getBoard } from "../../image/boards.js";
import { formatDuration, formatFirmwareError, parseDuration, runFleet, SimulatedDevice, type FleetResult, type LogLine } from "../../runtime/index.js";
import { parseDnsOverrides } from "../../runtime/net/dns.js";
import { applyScenario, loadScenario } from "../../runtime/net/scenario.js";
import { BatchedLines } from "../batched-lines.js";
import { runCommand } from "../run-command.js";
import { staleBuildWarning } from "../stale-build.js";

interface SimOptions {
    for?: string;
    net: string;
    dns: string[];
    seed?: string;
    scenario?: string;
    reboot?: boolean;
    cLogs?: boolean;
    timestamps?: boolean;
    firmwareOnly?: boolean;
    devices?: string;
    workers?: string;
    board?: string;
}

/** Runs a build folder on the simulated device and prints its serial output. */
export async function sim(buildDir: string, opts: SimOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
    const stale = staleBuildWarning(process.cwd(), buildDir);
    if (stale !== undefined) err(`luatos-ts: ${stale}`);
    if (opts.for === undefined) throw new UserError("--for DURATION is required (e.g. --for 10s, 5m, 24h)");
    const duration = parseDuration(opts.for);
    if (opts.net !== "virtual" && opts.net !== "host") throw new UserError(`--net ${opts.net}: expected "virtual" or "host"`);
    let seed: number | undefined;
    if (opts.seed !== undefined) {
        if (!/^-?\d+$/.test(opts.seed)) throw new UserError(`--seed ${opts.seed}: expected an integer`);
        seed = Number(opts.seed);
    }
    const dns = parseDnsOverrides(opts.dns);
    // The board decides the firmware generation the device boots (its C layer, sys built in or not).
    const board = getBoard(opts.board ?? DEFAULT_BOARD).name;
    if (opts.scenario !== undefined && opts.net === "host") throw new UserError("--scenario describes the virtual network; it cannot be used with --net host");
    const devices = opts.devices === undefined ? 1 : wholeNumber("--devices", opts.devices);
    const workers = opts.workers === undefined ? undefined : wholeNumber("--workers", opts.workers);
    if (devices > 1 || workers !== undefined) return simFleet(buildDir, opts, { devices, workers, duration, seed, dns, board }, out, err);
    const scenario = opts.scenario !== undefined ? await loadScenario(opts.scenario) : undefined;
    const reboot = opts.reboot === true;
    const show = lineFilter(opts);
    const device = new SimulatedDevice({
        buildDir,
        board,
        network: opts.net as "virtual" | "host",
        seed: seed ?? scenario?.seed ?? 1,
        dns,
        rebootOnCrash: reboot,
        firmwareLogs: opts.cLogs !== false && opts.firmwareOnly !== true,
        keepLog: false,
        onLog: line => {
            if (show(line)) out(opts.timestamps === true ? `${stamp(line.timeMs)} ${line.text}` : line.text);
        },
    });
    try {
        const net = device.virtualNetwork;
        if (net !== undefined) {
            for (const [name, ip] of Object.entries(dns)) net.dns.set(name, ip);
            if (scenario !== undefined) await applyScenario(scenario, net, device);
        }
        const result = await device.run(duration, { stopOnCrash: !reboot });
        if (result.reason === "crash") {
            const error = device.errors[device.errors.length - 1];
            if (error !== undefined) err(formatFirmwareError(error));
        }
        err(summary(device));
        return device.errors.length > 0 ? 1 : 0;
    } finally {
        device.dispose();
    }
}

/** `[   12.345]`: device seconds, as `npm start` prints them. */
function stamp(timeMs: number): string {
    return `[${(timeMs / 1000).toFixed(3).padStart(9)}]`;
}

function wholeNumber(flag: string, text: string): number {
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new UserError(`${flag} ${text}: expected a whole number of at least 1`);
    return Number(text);
}

/** Which serial lines to print: all, or with --firmware-only only what the firmware's Lua printed. */
function lineFilter(opts: SimOptions): (line: LogLine) => boolean {
    if (opts.firmwareOnly === true) return line => line.source === "lua";
    return () => true;
}

function kb(bytes: number): string {
    return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The last line of a run: what happened, in numbers. */
function summary(device: SimulatedDevice): string {
    const limit = device.heapLimit !== undefined ? ` of ${kb(device.heapLimit)}` : "";
    return (
        `sim: device time ${formatDuration(device.now)}, ${device.reboots} reboot(s), ${device.errors.length} error(s), ` +
        `heap high-water ${kb(device.heapHighWater)}${limit}, ${device.unreleasedSockets().length} socket(s) never cleaned`
    );
}

interface FleetChoice {
    devices: number;
    workers: number | undefined;
    duration: number;
    seed: number | undefined;
    dns: Record<string, string>;
    /** Board name (checked). */
    board: string;
}

/** `sim --devices N`: N copies of the build on worker threads; prints one summary for the fleet. */
async function simFleet(buildDir: string, opts: SimOptions, choice: FleetChoice, out: (line: string) => void, err: (line: string) => void): Promise<number> {
    if (opts.net !== "virtual") throw new UserError("--devices runs on the virtual network only; --net host talks to real servers one device at a time");
    if (Object.keys(choice.dns).length > 0) throw new UserError("--dns is not supported with --devices: put DNS entries in a --scenario file");
    const seed = choice.seed ?? (opts.scenario !== undefined ? (await loadScenario(opts.scenario)).seed : undefined) ?? 1;
    const result = await runFleet({
        devices: choice.devices,
        buildDir,
        board: choice.board,
        duration: choice.duration,
        workers: choice.workers,
        seed,
        scenario: opts.scenario,
        rebootOnCrash: opts.reboot === true,
    });
    for (const line of fleetSummary(result)) out(line);
    const failing = result.devices.filter(d => d.firstError !== undefined).slice(0, 3);
    for (const device of failing) err(`device ${device.index} (seed ${device.seed}): ${device.firstError!.split("\n")[0]}`);
    return result.devicesWithErrors > 0 ? 1 : 0;
}

function fleetSummary(result: FleetResult): string[] {
    const errors = Object.entries(result.errors).map(([kind, n]) => `${n} ${kind}`).join(", ") || "none";
    const heap = result.devices.map(d => d.heapHighWater).sort((a, b) => a - b);
    return [
        `fleet: ${result.devices.length} devices x ${formatDuration(result.durationMs)} on ${result.workers} worker(s) in ${(result.wallMs / 1000).toFixed(1)} s wall`,
        `fleet: ${result.reboots} reboot(s), errors ${errors} (${result.devicesWithErrors} device(s) with errors), ` +
            `heap high-water median ${kb(heap[Math.floor(heap.length / 2)] ?? 0)}, max ${kb(result.heapHighWater)}, ` +
            `${result.uncleanedSockets} socket(s) never cleaned, ${result.logLines} serial lines`,
    ];
}

export function registerSim(program: Command): void {
    program
        .command("sim")
        .description("run a build folder on the simulated LuatOS device and print its serial output")
        .argument("[BUILD_DIR]", "script folder with main.lua", "build/lua")
        .option("--for <duration>", "device time to run: 1500ms, 10s, 5m, 24h (required)")
        .option("-b, --board <name>", `board whose firmware generation the device runs: ${BOARD_NAMES.join(", ")} (default ${DEFAULT_BOARD})`)
        .option("--net <kind>", "virtual (in-process, deterministic) or host (real sockets, wall clock)", "virtual")
        .option("--dns <NAME=IP>", "resolve NAME to IP (repeatable)", (value: string, all: string[]) => [...all, value], [] as string[])
        .option("--seed <n>", "seed of the virtual network's random draws and of the device's identity (mcu.unique_id)")
        .option("--scenario <file>", "virtual network scenario (.json, or a module exporting a setup function)")
        .option("--reboot", "keep rebooting after a crash like the device, and report the count at the end")
        .option("--no-c-logs", "hide the firmware's own C log lines (I/luat.netc ...)")
        .option("--timestamps", "start each line with the device time in seconds, like npm start: [   12.345]")
        .option("--firmware-only", "print only the lines the firmware's Lua printed (print, log.*): no C log lines, no crash report lines, no [sim] notes")
        .option("--devices <n>", "run a fleet of n devices (seed, seed+1, ...) on worker threads and print a summary instead of the serial log")
        .option("--workers <n>", "worker threads of a fleet (default: the cores available)")
        .addHelpText(
            "after",
            "\nEnds with a summary line on stderr: device time, reboots, errors, heap high-water, sockets never cleaned.\n" +
                "Exits 0 when the duration ends without a firmware error; 1 when the firmware crashed (with the TypeScript-mapped\n" +
                "traceback, unless --reboot) or recorded any error while rebooting with --reboot, or any device of a fleet did.",
        )
        .action((buildDir: string, opts: SimOptions) => {
            // The serial log goes out in batches; anything on stderr (warnings, the summary) follows what was printed before it.
            const serial = new BatchedLines(process.stdout);
            return runCommand(async () => {
                try {
                    return await sim(
                        buildDir,
                        opts,
                        line => serial.line(line),
                        line => {
                            serial.flush();
                            process.stderr.write(line + "\n");
                        },
                    );
                } finally {
                    serial.flush();
                }
            });
        });
}
