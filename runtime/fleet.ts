/**
 * Many simulated devices of one build, spread over the machine's cores with
 * worker threads. Each device is independent (its own VM, clock and
 * virtual network, seed `seed + index`), so a fleet run gives the same
 * per-device results whatever the number of workers.
 */
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { UserError } from "../common/user-error.js";
import { resolveBoard } from "./device-options.js";
import { parseDuration } from "./duration.js";
import type { DeviceSummary, FleetJob, FromWorker, ToWorker } from "./fleet-protocol.js";
import { validateBuildFolder } from "./modules.js";
import { loadScenario } from "./net/scenario.js";

export type { DeviceSummary } from "./fleet-protocol.js";

export interface FleetOptions {
    /** How many devices. */
    devices: number;
    /** The script folder every device runs. */
    buildDir: string;
    /** Device time each device runs ("1h", or ms). */
    duration: number | string;
    /** Worker threads. Default: the cores Node may use (`os.availableParallelism()`), at most one per device. */
    workers?: number;
    /** Device i's virtual network is seeded with seed + i. Default 1. */
    seed?: number;
    /** Board name. Default air640w. */
    board?: string;
    /** A scenario file applied to every device's virtual network. */
    scenario?: string;
    /** Reboot after crashes like the device (default true); false stops a device at its first crash. */
    rebootOnCrash?: boolean;
    /** Heap bound override (see DeviceOptions.heapLimit). */
    heapLimit?: number | false;
    /** Folder TypeScript paths in errors are relative to. Default: cwd. */
    cwd?: string;
    /** Called as each device finishes. */
    onDevice?: (summary: DeviceSummary) => void;
}

export interface FleetResult {
    /** Every device's summary, by index. */
    devices: DeviceSummary[];
    workers: number;
    /** Wall time of the whole fleet, ms. */
    wallMs: number;
    /** Device time each device was asked to run, ms. */
    durationMs: number;
    reboots: number;
    /** Errors by kind over the fleet. */
    errors: Record<string, number>;
    /** Devices with at least one error. */
    devicesWithErrors: number;
    /** The largest heap high-water mark of any device, bytes. */
    heapHighWater: number;
    uncleanedSockets: number;
    logLines: number;
}

/** How a worker thread is started: compiled JavaScript directly, TypeScript sources through tsx's loader. */
function startWorker(job: FleetJob): Worker {
    if (import.meta.url.endsWith(".js")) return new Worker(new URL("./fleet-worker.js", import.meta.url), { workerData: job });
    const tsxDir = path.dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
    const tsxApi = pathToFileURL(path.join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
    const entry = new URL("./fleet-worker.ts", import.meta.url).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then(api => { api.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData: job });
}

/** Runs `devices` copies of a build for `duration` each, on worker threads; resolves when all are done. */
export async function runFleet(options: FleetOptions): Promise<FleetResult> {
    const count = options.devices;
    if (!Number.isInteger(count) || count < 1) throw new UserError(`a fleet needs a whole number of devices of at least 1, got ${count}`);
    const durationMs = typeof options.duration === "string" ? parseDuration(options.duration) : options.duration;
    if (!(durationMs >= 0)) throw new UserError(`fleet duration must be a non-negative number of ms, got ${durationMs}`);
    const workers = Math.min(count, options.workers ?? os.availableParallelism());
    if (!Number.isInteger(workers) || workers < 1) throw new UserError(`a fleet needs at least 1 worker, got ${options.workers}`);
    validateBuildFolder(options.buildDir);
    resolveBoard(options.board);
    const scenario = options.scenario !== undefined ? path.resolve(options.scenario) : undefined;
    if (scenario !== undefined) await loadScenario(scenario);
    const job: FleetJob = {
        buildDir: path.resolve(options.buildDir),
        durationMs,
        seed: options.seed ?? 1,
        board: options.board,
        scenario,
        rebootOnCrash: options.rebootOnCrash !== false,
        heapLimit: options.heapLimit,
        cwd: options.cwd ?? process.cwd(),
    };
    const start = performance.now();
    const summaries: DeviceSummary[] = new Array<DeviceSummary>(count);
    let next = 0;
    const threads: Worker[] = [];
    try {
        await new Promise<void>((resolve, reject) => {
            let finished = 0;
            let failed = false;
            const fail = (error: Error) => {
                if (failed) return;
                failed = true;
                reject(error);
            };
            const handOut = (worker: Worker) => {
                if (next >= count) {
                    worker.postMessage({ kind: "stop" } satisfies ToWorker);
                    return;
                }
                worker.postMessage({ kind: "run", index: next++ } satisfies ToWorker);
            };
            for (let w = 0; w < workers; w += 1) {
                const worker = startWorker(job);
                threads.push(worker);
                worker.on("message", (message: FromWorker) => {
                    if (message.kind === "ready") return handOut(worker);
                    if (message.kind === "failed") return fail(new Error(`fleet device ${message.index}: ${message.message}`));
                    summaries[message.summary.index] = message.summary;
                    options.onDevice?.(message.summary);
                    finished += 1;
                    if (finished === count) resolve();
                    else handOut(worker);
                });
                worker.on("error", fail);
                worker.on("exit", code => {
                    if (code !== 0) fail(new Error(`a fleet worker exited with code ${code}`));
                });
            }
        });
    } finally {
        await Promise.all(threads.map(t => t.terminate()));
    }
    const errors: Record<string, number> = {};
    for (const s of summaries) for (const [kind, n] of Object.entries(s.errors)) errors[kind] = (errors[kind] ?? 0) + n;
    return {
        devices: summaries,
        workers,
        wallMs: performance.now() - start,
        durationMs,
        reboots: summaries.reduce((n, s) => n + s.reboots, 0),
        errors,
        devicesWithErrors: summaries.filter(s => Object.keys(s.errors).length > 0).length,
        heapHighWater: Math.max(...summaries.map(s => s.heapHighWater)),
        uncleanedSockets: summaries.reduce((n, s) => n + s.uncleanedSockets, 0),
        logLines: summaries.reduce((n, s) => n + s.logLines, 0),
    };
}
