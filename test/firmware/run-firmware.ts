/**
 * Runs the reference firmware on the simulated device against the embedded
 * collector, with faults, and gathers what the invariant checker needs: the
 * collector's records, the device log, the final counters and the heap use
 * sampled every minute.
 */
import { lastStats, startTelemetryRig, type TelemetryRig } from "../../collector/rig.js";
import type { CollectorOptions } from "../../collector/collector.js";
import { BEACON_PORT, COLLECTOR_PORT } from "../../collector/rig.js";
import { bootDevice, type SimulatedDevice } from "../../runtime/index.js";
import type { Fault } from "../../runtime/net/faults.js";
import type { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { firmwareBuild, type FirmwareVariant } from "./firmware-build.js";
import type { BootCounters, BootRecord, InvariantInput } from "./invariants.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A heap reading (rtos.meminfo "lua" used, estimated by the simulator). */
export interface HeapSample {
    timeMs: number;
    boot: number;
    used: number;
    /** Netclient objects started in this boot so far (each one stays in the heap until reboot). */
    starts: number;
}

export interface FirmwareRunOptions {
    /** Seed of the virtual network (jitter, fault probabilities). */
    seed: number;
    /** Device time to run, in ms. */
    durationMs: number;
    /** Faults added before boot. */
    faults?: Fault[];
    /** Collector settings (ack cadence, pings). */
    collector?: Partial<CollectorOptions>;
    /** Called once the rig is up, to add servers or change the collector. */
    setup?: (net: VirtualNetwork, device: SimulatedDevice, rig: TelemetryRig) => void;
    /**
     * Host actions at device times, run between simulation steps. "reset"
     * and "crash" end the boot: the harness first asks for the counters
     * (the queue content that the boot loses), then resets or crashes it.
     */
    actions?: { atMs: number; run: "reset" | "crash" | ((device: SimulatedDevice, rig: TelemetryRig) => Promise<void> | void) }[];
    /** A short description for failure messages (the fault, the schedule). */
    label: string;
    /** Settings of src/config.ts to change (a variant of the firmware). */
    variant?: FirmwareVariant;
}

export interface FirmwareRun {
    options: FirmwareRunOptions;
    device: SimulatedDevice;
    net: VirtualNetwork;
    rig: TelemetryRig;
    /** The device's log lines (text only). */
    lines: string[];
    /** Final counters of the last boot (from a stats line asked for at the end). */
    stats: Record<string, number>;
    /** Heap use every minute. */
    heap: HeapSample[];
    /** Counters of boots that ended in a reset or crash, at that moment, by boot number. */
    endedBoots: Map<number, Record<string, number>>;
    /** Firmware errors the test caused on purpose (the injected crash), by message. */
    injectedErrors: string[];
}

/** The message of the injected crash. */
export const INJECTED_CRASH = "injected fault: a C handler raised an error";

/**
 * Crashes the firmware the way a failing C message handler does: a message
 * on the bus whose handler raises a Lua error inside rtos.receive. The error
 * runs up through sys.run() out of main.lua: the firmware prints "Lua VM
 * exit" and reboots 30 s later with all Lua state lost. The simulator has no
 * public call for this, so the bus of the running VM is reached directly.
 */
export function injectCrash(device: SimulatedDevice): void {
    if (!device.crash(INJECTED_CRASH)) throw new Error("no running VM to crash");
}

/** Asks the firmware for its counters now and returns them (runs the device until the stats line appears). */
export async function requestStats(device: SimulatedDevice): Promise<Record<string, number> | undefined> {
    const before = device.log.length;
    if (!device.publish("STATS")) return undefined;
    await device.runUntilLog(/^I\/user\.stats\t/, 100);
    return lastStats(device.log.slice(before).map(l => l.text));
}

/** Boots the firmware with the rig and faults, runs it, and collects the results. Dispose the device afterwards. */
export async function runFirmware(options: FirmwareRunOptions): Promise<FirmwareRun> {
    const { buildDir, projectDir } = firmwareBuild(options.variant);
    const device = bootDevice({ buildDir, cwd: projectDir, seed: options.seed, firmwareLogs: false });
    const net = device.virtualNetwork;
    if (net === undefined) throw new Error("the simulated device has no virtual network");
    const rig = startTelemetryRig(net, options.collector);
    for (const fault of options.faults ?? []) net.addFault(fault);
    options.setup?.(net, device, rig);
    const heap: HeapSample[] = [];
    const endedBoots = new Map<number, Record<string, number>>();
    const injectedErrors: string[] = [];
    const actions = [...(options.actions ?? [])].sort((a, b) => a.atMs - b.atMs);
    // Step a minute at a time (stopping at each action's time) and read the heap at each stop.
    while (device.now < options.durationMs) {
        const nextAction = actions[0];
        const stop = Math.min(options.durationMs, Math.floor(device.now / MINUTE + 1) * MINUTE, nextAction?.atMs ?? Infinity);
        await device.run(stop - device.now);
        heap.push({ timeMs: device.now, boot: device.reboots, used: device.meminfo().used, starts: device.sockets().filter(s => s.started).length });
        while (actions[0] !== undefined && actions[0].atMs <= device.now) {
            const action = actions.shift()!.run;
            if (typeof action === "function") {
                await action(device, rig);
                continue;
            }
            const boot = device.reboots;
            endedBoots.set(boot, (await requestStats(device)) ?? {});
            if (action === "reset") device.reboot();
            else {
                injectCrash(device);
                injectedErrors.push(INJECTED_CRASH);
                await device.run(0);
            }
        }
    }
    const stats = (await requestStats(device)) ?? {};
    return { options, device, net, rig, lines: device.log.map(l => l.text), stats, heap, endedBoots, injectedErrors };
}

function counters(stats: Record<string, number>): BootCounters {
    const get = (name: string) => {
        const value = stats[name];
        if (value === undefined || !Number.isFinite(value)) throw new Error(`the stats line has no "${name}": ${JSON.stringify(stats)}`);
        return value;
    };
    return {
        produced: get("produced"),
        sent: get("sent"),
        acked: get("acked"),
        resent: get("resent"),
        dropped: get("dropped"),
        queued: get("queued"),
        reconnects: get("reconnects"),
    };
}

const CONNECTED = /^I\/user\.telemetry\tconnected\t\w+\tboot\t(\d+)$/;
const DROPPED = /^W\/user\.telemetry\tqueue full, dropped sample\t(\d+)$/;
/** The heap guard's planned reboot (app/queue-file.ts), with whether the queue was saved. */
export const PLANNED_REBOOT = /^W\/user\.telemetry\tplanned reboot, queue\t(saved|NOT saved)\t/;

/** Device boots that ended in the heap guard's planned reboot (the queue saved), by boot number. */
export function plannedReboots(device: SimulatedDevice): number[] {
    return [...new Set(device.log.filter(l => PLANNED_REBOOT.exec(l.text)?.[1] === "saved").map(l => l.boot))];
}

/**
 * What the invariant checker needs from a run. A device boot that ended in
 * a planned reboot and the boot that restored its queue are one boot of
 * the session (same boot id, sequence and counters): they are merged, and
 * the merged record carries the counters of its last device boot.
 */
export function invariantInput(run: FirmwareRun): InvariantInput {
    const { device, rig } = run;
    const lastBoot = device.log.length > 0 ? device.log[device.log.length - 1]!.boot : 0;
    const planned = new Set(plannedReboots(device));
    const boots: BootRecord[] = [];
    const lostBoots: string[] = [];
    let chain: { first: number; droppedSeqs: number[]; bootId: number | undefined; planned: number } | undefined;
    for (let boot = 0; boot <= lastBoot; boot++) {
        chain ??= { first: boot, droppedSeqs: [], bootId: undefined, planned: 0 };
        for (const line of device.log) {
            if (line.boot !== boot) continue;
            const connected = CONNECTED.exec(line.text);
            if (connected !== null) chain.bootId ??= Number(connected[1]);
            const dropped = DROPPED.exec(line.text);
            if (dropped !== null) chain.droppedSeqs.push(Number(dropped[1]));
        }
        if (planned.has(boot) && boot < lastBoot) {
            chain.planned += 1;
            continue;
        }
        const ended = boot < lastBoot;
        const stats = ended ? run.endedBoots.get(boot) : run.stats;
        if (stats === undefined) {
            // Neither the test nor the heap guard ended it: the firmware rebooted on its own (out of memory, a crash) and its counters died with it.
            lostBoots.push(`boot ${boot} ended in a reboot nobody planned: its queue and counters were lost`);
            chain = undefined;
            continue;
        }
        boots.push({ boot: chain.first, bootId: chain.bootId, counters: counters(stats), droppedSeqs: chain.droppedSeqs, ended, plannedReboots: chain.planned });
        chain = undefined;
    }
    const expected = new Set(run.injectedErrors);
    const unexpectedErrors = device.errors.filter(e => !(e.kind === "crash" && [...expected].some(m => e.message.includes(m)))).map(e => `${e.kind}: ${e.message}`);
    unexpectedErrors.push(...lostBoots);
    const causedReboots = run.endedBoots.size;
    const plannedCount = [...planned].filter(b => b < lastBoot).length;
    if (device.reboots !== causedReboots + plannedCount) {
        unexpectedErrors.push(`the device rebooted ${device.reboots} times; the test caused ${causedReboots}, the heap guard planned ${plannedCount}`);
    }
    const openedAt = new Map<string, number>();
    for (const c of device.connections) if (c.id !== "tsend") openedAt.set(c.id, c.openedAt);
    return {
        label: run.options.label,
        seed: run.options.seed,
        nowMs: device.now,
        samples: rig.collector.samples,
        hellos: rig.collector.hellos,
        acceptedConnections: rig.collector.connections,
        boots,
        sockets: device.sockets().map(record => ({ record, openedAt: openedAt.get(record.id) })),
        heap: run.heap,
        heapBound: device.heapLimit,
        unexpectedErrors,
        sessionPort: COLLECTOR_PORT,
        beaconPort: BEACON_PORT,
    };
}
