/** Messages between runtime/fleet.ts and its worker threads (fleet-worker.ts). */

/** What every device of a fleet shares; sent once to each worker. */
export interface FleetJob {
    buildDir: string;
    durationMs: number;
    /** Device i uses seed + i. */
    seed: number;
    board?: string;
    scenario?: string;
    rebootOnCrash: boolean;
    heapLimit?: number | false;
    cwd: string;
}

/** What one device did, as a fleet reports it. */
export interface DeviceSummary {
    /** 0-based position in the fleet. */
    index: number;
    seed: number;
    /** Device time reached. */
    deviceTimeMs: number;
    reboots: number;
    /** Errors by kind (crash, watchdog, wait-outside-task). */
    errors: Record<string, number>;
    /** The first error, formatted with its TypeScript location. */
    firstError?: string;
    /** Largest Lua heap estimate of any boot, bytes. */
    heapHighWater: number;
    /** Serial lines printed. */
    logLines: number;
    /** Netclient objects of the last boot never cleaned. */
    uncleanedSockets: number;
    /** Wall time this device took in its worker, ms. */
    wallMs: number;
}

/** Main thread → worker. */
export type ToWorker = { kind: "run"; index: number } | { kind: "stop" };
/** Worker → main thread. */
export type FromWorker = { kind: "ready" } | { kind: "done"; summary: DeviceSummary } | { kind: "failed"; index: number; message: string };
