/**
 * A fleet worker thread: boots the devices the main thread hands it, one at
 * a time, and answers each with its summary (fleet.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { SimulatedDevice } from "./device.js";
import { formatFirmwareError } from "./errors.js";
import type { DeviceSummary, FleetJob, FromWorker, ToWorker } from "./fleet-protocol.js";
import { applyScenario, loadScenario, type Scenario } from "./net/scenario.js";

const job = workerData as FleetJob;
const port = parentPort!;
let scenario: Scenario | undefined;

async function runDevice(index: number): Promise<DeviceSummary> {
    const seed = job.seed + index;
    const start = performance.now();
    const device = new SimulatedDevice({
        buildDir: job.buildDir,
        seed,
        board: job.board,
        rebootOnCrash: job.rebootOnCrash,
        heapLimit: job.heapLimit,
        cwd: job.cwd,
        keepLog: false,
    });
    try {
        const net = device.virtualNetwork;
        if (scenario !== undefined && net !== undefined) await applyScenario(scenario, net, device);
        await device.run(job.durationMs, { stopOnCrash: !job.rebootOnCrash });
        const errors: Record<string, number> = {};
        for (const error of device.errors) errors[error.kind] = (errors[error.kind] ?? 0) + 1;
        const first = device.errors[0];
        return {
            index,
            seed,
            deviceTimeMs: device.now,
            reboots: device.reboots,
            errors,
            ...(first !== undefined ? { firstError: formatFirmwareError(first) } : {}),
            heapHighWater: device.heapHighWater,
            logLines: device.logLines,
            uncleanedSockets: device.unreleasedSockets().length,
            wallMs: performance.now() - start,
        };
    } finally {
        device.dispose();
    }
}

port.on("message", (message: ToWorker) => {
    if (message.kind === "stop") {
        port.close();
        return;
    }
    runDevice(message.index).then(
        summary => port.postMessage({ kind: "done", summary } satisfies FromWorker),
        (error: unknown) => port.postMessage({ kind: "failed", index: message.index, message: error instanceof Error ? error.message : String(error) } satisfies FromWorker),
    );
});

if (job.scenario !== undefined) scenario = await loadScenario(job.scenario);
port.postMessage({ kind: "ready" } satisfies FromWorker);
