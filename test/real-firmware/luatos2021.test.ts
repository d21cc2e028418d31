/**
 * The reference firmware on luatos2021 — the 2021 Air640W C code built for
 * Linux, running in real time — against the collector on real sockets,
 * through each fault the network stack can show it: a closed connection,
 * refused connects, a collector that goes silent, a reset, a restart. The
 * firmware's periods are compressed (a sample a second) and its start
 * budget lowered so that the planned reboot (the netclient leak of
 * luat_lib_socket.c:93, docs/leak.md) happens within the run. Every step
 * waits for what the device or the collector does, never for a time.
 *
 * The long run is `npm run soak:luatos2021 -- --minutes 60`.
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { LoopbackCollector } from "../../collector/loopback.js";
import { waitFor, type DeviceProcess } from "../support/real-device.js";
import { COMPRESSED_PERIODS, LUATOS2021_LUA_HEAP } from "../support/real-runtimes.js";
import { figureLines, launchReference, runFigures, startLoopbackCollector } from "../support/reference-run.js";
import { requireReferenceBinary } from "../support/reference-programs.js";

/** Starts per boot before the planned reboot: low, so that the run sees one (the firmware's own is 20). */
const STARTS_PER_BOOT = 12;
/** Longest wait for any one step: a bound against hanging on a loaded machine, not a timing. */
const STEP_LIMIT_MS = 120_000;

describe("the reference firmware on luatos2021 against the collector process", () => {
    const cleanup: (() => Promise<void> | void)[] = [];
    afterAll(async () => {
        for (const fn of cleanup.reverse()) await fn();
    });

    it(`loses no sample through close, refuse, silence, reset, restart and a planned reboot (Lua heap ${LUATOS2021_LUA_HEAP} B); beacons arrive`, { timeout: 600_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const { collector, address } = await startLoopbackCollector();
        cleanup.push(() => collector.stop());
        const { device, folder } = launchReference({
            runtime: "luatos2021",
            binary,
            address,
            settings: { ...COMPRESSED_PERIODS, HEAP_GUARD_STARTS: STARTS_PER_BOOT },
        });
        cleanup.push(() => device.stop(), () => fs.rmSync(folder, { recursive: true, force: true }));
        const started = Date.now();
        const step = stepper(collector, device, started);
        const c = collector.collector;
        const logged = (pattern: RegExp, from: number) => device.lines.slice(from).some(l => pattern.test(l));

        await step("the first samples and a beacon", () => c.distinct() >= 3 && collector.beacons.length >= 1);

        let connections = c.connections;
        let samples = c.samples.length;
        collector.closeConnections("close");
        await step("a new connection and samples on it after the close", () => c.connections > connections && c.samples.length > samples);

        let mark = device.lines.length;
        // Refused connects, and the open connection closed so that the firmware dials again.
        collector.refuse();
        collector.closeConnections("close");
        await step("a refused connect", () => logged(/^W\/user\.telemetry\tconnect\tfailed/, mark));
        connections = c.connections;
        await collector.accept();
        await step("a connection once connects are accepted again", () => c.connections > connections);

        mark = device.lines.length;
        collector.setSilent(true);
        await step("the firmware noticing the silence", () => logged(/^W\/user\.telemetry\tsilent, reconnecting/, mark));
        connections = c.connections;
        collector.setSilent(false);
        await step("a connection after the silence", () => c.connections > connections);

        connections = c.connections;
        collector.closeConnections("reset");
        await step("a connection after the reset", () => c.connections > connections);

        connections = c.connections;
        await collector.restart(2000);
        await step("a connection after the restart", () => c.connections > connections);

        await step("a planned reboot, queue saved, and the next boot connected", () => {
            const f = runFigures(collector, device, started);
            return f.device.plannedReboots >= 1 && f.device.boots >= 2 && c.bootReports.some(r => r.endsWith(" planned"));
        });
        samples = c.distinct();
        await step("samples after the planned reboot, none missing", () => c.distinct() >= samples + 5 && c.missing().length === 0);

        const figures = runFigures(collector, device, started);
        console.log(figureLines(figures).map(l => `luatos2021 test: ${l}`).join("\n"));
        expect(figures.lost).toBe(0);
        expect(c.missing()).toEqual([]);
        expect(figures.device.errors).toEqual([]);
        expect(figures.device.unsavedQueues).toBe(0);
        // Every boot after the first was planned, and each continued the same boot id (and its numbering).
        expect(figures.device.boots - 1).toBe(figures.device.plannedReboots);
        expect(figures.bootIds).toBe(1);
        expect(figures.beacons).toBeGreaterThanOrEqual(2);
        expect(collector.beacons.every(b => /^BEACON node-1 \d+ 127\.0\.0\.1$/.test(b.text))).toBe(true);
        // Samples arrive in order on each connection.
        const byConnection = new Map<number, number[]>();
        for (const s of c.samples) byConnection.set(s.connection, [...(byConnection.get(s.connection) ?? []), s.seq]);
        for (const seqs of byConnection.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    });

    it("a beacon closed right after its send never leaves the 2021 device: why the firmware keeps it open BEACON_DRAIN_MS", { timeout: 300_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const { collector, address } = await startLoopbackCollector();
        cleanup.push(() => collector.stop());
        const { device, folder } = launchReference({ runtime: "luatos2021", binary, address, settings: { ...COMPRESSED_PERIODS, BEACON_DRAIN_MS: 0 } });
        cleanup.push(() => device.stop(), () => fs.rmSync(folder, { recursive: true, force: true }));
        const c = collector.collector;
        const beaconEvery = Number(COMPRESSED_PERIODS.BEACON_EVERY_HEARTBEATS);
        // Heartbeat 1, 1 + n, 1 + 2n ... each sends a beacon: wait until three have been sent and each beacon object
        // was started and closed (the close wakes its netclient thread out of select). The thread logs its cleanup
        // after the Lua thread has moved on, so on a loaded machine it can come after the next heartbeat.
        const cleanups = () => device.lines.filter(l => /^I\/luat\.netc netc\[\w+\] select result=0, goto cleanup/.test(l)).length;
        await stepper(collector, device, Date.now())("three beacons sent and closed", () => c.heartbeats >= 2 * beaconEvery + 2 && cleanups() >= 3);
        expect(collector.beacons).toEqual([]);
        expect(c.missing()).toEqual([]);
    });
});

/** Waits for one step of the run; on failure the message has the figures and the device's last lines. */
function stepper(collector: LoopbackCollector, device: DeviceProcess, started: number) {
    return (what: string, condition: () => boolean) =>
        waitFor(what, condition, {
            limitMs: STEP_LIMIT_MS,
            abort: () => (device.ended ? "luatos2021 ended" : undefined),
            describe: () => [...figureLines(runFigures(collector, device, started)), "last device lines:", ...device.lines.slice(-25)].join("\n"),
        });
}
