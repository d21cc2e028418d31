/**
 * One run of the reference firmware on a real runtime (luatos2021 or
 * luatos-pc) against the collector on real sockets, with a fault schedule:
 * what `npm run soak:luatos2021`, `npm run soak:luatos-pc` and the tests in
 * test/real-firmware/ share. The collector listens on a loopback address of
 * its own (127.x.y.z, any of which reaches this machine) at the firmware's
 * ports, so the firmware keeps its ports and only its host name is mapped.
 */
import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../../common/user-error.js";

import { LoopbackCollector } from "../../collector/loopback.js";
import { firmwareBuild, type FirmwareVariant } from "../firmware/firmware-build.js";
import { LUATOS2021_LUA_HEAP, luatos2021Variant, luatosPcVariant } from "./real-runtimes.js";
import { deviceReport, scriptFolderFromImage, startLuatos2021, startLuatosPc, type DeviceProcess, type DeviceReport } from "./real-device.js";
import { BEACON_PORT, COLLECTOR_HOST, COLLECTOR_PORT } from "../../collector/rig.js";

/** A collector on a loopback address nobody else uses, at the firmware's ports (9000 TCP, 9001 UDP). */
export async function startLoopbackCollector(options: { event?: (text: string) => void; trace?: (text: string) => void } = {}): Promise<{ collector: LoopbackCollector; address: string }> {
    for (let attempt = 0; ; attempt++) {
        const address = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
        const collector = new LoopbackCollector({ host: address, port: COLLECTOR_PORT, beaconPort: BEACON_PORT, ...options });
        try {
            await collector.start();
            return { collector, address };
        } catch (error) {
            await collector.stop();
            if (!(error instanceof UserError) || attempt >= 10) throw error;
        }
    }
}

/** The figures of a run, from the collector's records and the device's log. */
export interface RunFigures {
    /** Wall time of the run. */
    seconds: number;
    device: DeviceReport;
    /** Sample lines the collector received, resends included. */
    received: number;
    /** Distinct samples (boot id, seq) received. */
    distinct: number;
    duplicates: number;
    /** Samples missing below the highest received of their boot: lost. */
    lost: number;
    /** Samples the firmware produced (by its last stats line) that had not arrived when the run ended (after the highest received: still queued or on the way). */
    inFlight: number;
    /** The highest sample number received. */
    highest: number;
    beacons: number;
    connections: number;
    /** Boot ids seen in HELLOs: more than one means a boot that did not continue the previous one (a reboot nobody planned). */
    bootIds: number;
    bootReports: string[];
    faults: LoopbackCollector["faults"];
}

/** The figures of the run so far. */
export function runFigures(collector: LoopbackCollector, device: DeviceProcess, startedAt: number): RunFigures {
    const c = collector.collector;
    const report = deviceReport(device.lines);
    let highest = 0;
    for (const s of c.samples) highest = Math.max(highest, s.seq);
    const produced = report.stats?.produced ?? highest;
    return {
        seconds: (Date.now() - startedAt) / 1000,
        device: report,
        received: c.samples.length,
        distinct: c.distinct(),
        duplicates: c.duplicates(),
        lost: c.missing().length,
        inFlight: Math.max(0, produced - highest),
        highest,
        beacons: collector.beacons.length,
        connections: c.connections,
        bootIds: new Set(c.hellos.map(h => h.boot)).size,
        bootReports: [...c.bootReports],
        faults: { ...collector.faults },
    };
}

/** The figures as the lines a soak script prints. */
export function figureLines(f: RunFigures): string[] {
    const s = f.device.stats ?? {};
    const n = (key: string) => (s[key] === undefined ? "?" : String(s[key]));
    const unplanned = Math.max(0, f.device.boots - 1 - f.device.plannedReboots);
    return [
        `duration ${(f.seconds / 60).toFixed(1)} min wall (= device time on a real runtime)`,
        `samples: produced ${n("produced")}, sent ${n("sent")} (${n("resent")} resent), acknowledged ${n("acked")}, dropped ${n("dropped")} (the firmware's last stats line: end of each session, and every 5 min)`,
        `samples: collector received ${f.received} lines, ${f.distinct} distinct (highest number ${f.highest}), ${f.duplicates} duplicates; LOST ${f.lost}; in flight at the end ${f.inFlight}`,
        `reconnects ${n("reconnects")} (firmware), ${f.connections} connections (collector); boots ${f.device.boots}, planned reboots ${f.device.plannedReboots} (${f.device.unsavedQueues} without their queue saved), unplanned ${unplanned}; boot ids ${f.bootIds}`,
        `beacons received ${f.beacons}, beacon failures ${f.device.beaconFailures}; boot reports: ${f.bootReports.join("; ") || "none"}`,
        `faults played: refused ${f.faults.refused}, closed ${f.faults.closed}, reset ${f.faults.reset}, silent ${f.faults.silenced}, restarts ${f.faults.restarts}`,
        `errors in the device log: ${f.device.errors.length}${f.device.errors.length === 0 ? "" : ` (first: ${f.device.errors[0]})`}`,
    ];
}

/** A real runtime the reference firmware runs on. */
export type RealRuntime = "luatos2021" | "luatos-pc";

export interface LaunchOptions {
    runtime: RealRuntime;
    /** The runtime's executable. */
    binary: string;
    /** The collector's loopback address (its ports are the firmware's). */
    address: string;
    /** Settings of src/config.ts to change (e.g. {@link COMPRESSED_PERIODS}). */
    settings?: FirmwareVariant;
    /** luatos2021's Lua heap; default {@link LUATOS2021_LUA_HEAP}. */
    luaHeap?: number;
    onLine?: (line: string) => void;
}

/**
 * Builds the reference firmware for the runtime (air640w for luatos2021,
 * pc for luatos-pc, with {@link luatos2021Variant} / {@link luatosPcVariant})
 * and starts it against the collector at `address`. `folder` is the
 * device's file system (its script folder on luatos2021).
 */
export function launchReference(options: LaunchOptions): { device: DeviceProcess; folder: string } {
    if (options.runtime === "luatos2021") {
        const heap = options.luaHeap ?? LUATOS2021_LUA_HEAP;
        const build = firmwareBuild(luatos2021Variant(heap, options.settings));
        const folder = scriptFolderFromImage(path.join(build.projectDir, "build", "script.bin"), "luatos2021-run-");
        const device = startLuatos2021({ binary: options.binary, dir: folder, luaHeap: heap, dns: { [COLLECTOR_HOST]: options.address }, onLine: options.onLine });
        return { device, folder };
    }
    const build = firmwareBuild(luatosPcVariant(options.address, options.settings), { board: "pc" });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-pc-run-"));
    const device = startLuatosPc({ binary: options.binary, image: path.join(build.projectDir, "build", "script.bin"), cwd: folder, onLine: options.onLine });
    return { device, folder };
}
