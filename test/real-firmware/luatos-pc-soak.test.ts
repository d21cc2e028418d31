/**
 * The reference firmware built with `--board pc` on luatos-pc, LuatOS's
 * current PC build, against the collector on loopback sockets for at least
 * five minutes of real time (luatos-pc runs on the PC's clock; nothing
 * accelerates it), with faults: first a scripted sequence that waits for
 * the firmware's answer to each fault (a close, refused connects, a
 * planned reboot), then a repeating schedule of every fault the collector
 * can play until five minutes have passed. The verdict is on counts only:
 * no sample lost, beacons arrived, every reboot planned with its queue
 * saved, no error in the device's log.
 *
 * The file is nearly idle for its five minutes: test/support/
 * wall-clock-sequencer.ts starts it first, in a worker slot of its own, so
 * that it runs beside the rest of the suite. `npm run soak:luatos-pc` is
 * the same kind of run from the command line, printing as it goes.
 */
import * as fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseFaultSchedule, playFaultSchedule } from "../../collector/fault-schedule.js";
import { parseDuration } from "../../runtime/duration.js";
import { appLines, waitFor } from "../support/real-device.js";
import { COMPRESSED_PERIODS } from "../support/real-runtimes.js";
import { figureLines, launchReference, runFigures, startLoopbackCollector } from "../support/reference-run.js";
import { requireReferenceBinary } from "../support/reference-programs.js";

/** How long the run lasts at least, from the device's start. */
const RUN_MS = 5 * 60_000;

/** Longest wait for any one step: a bound against hanging on a loaded machine, not a timing. */
const STEP_LIMIT_MS = 90_000;

/**
 * The schedule played after the scripted part, from its start, every
 * {@link FAULT_REPEAT}: each fault at least 20 s after the previous one
 * ended, so that the firmware (backoff capped at 4 s, silence limit
 * 7.5 s in {@link COMPRESSED_PERIODS}) is connected again before the next.
 * Refusing turns only new connects away, so the open connection is closed
 * with it.
 */
const FAULTS = "close@10s,refuse@30s+20s,close@30s,reset@70s,silent@90s+20s,restart@130s+10s";
const FAULT_REPEAT = "160s";

describe("the reference firmware built for pc, on luatos-pc for five minutes", () => {
    const cleanup: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
        for (const fn of cleanup.splice(0).reverse()) await fn();
    });

    it("loses no sample through closes, resets, refused connects, silence, restarts and planned reboots; beacons arrive", { timeout: 2 * RUN_MS + 8 * STEP_LIMIT_MS }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        const { collector, address } = await startLoopbackCollector();
        cleanup.push(() => collector.stop());
        // A low start budget, so that planned reboots (rtos.reboot ends luatos-pc; started again in its folder) happen in the run.
        const { device, folder } = launchReference({ runtime: "luatos-pc", binary, address, settings: { ...COMPRESSED_PERIODS, HEAP_GUARD_STARTS: 6 } });
        cleanup.push(() => device.stop(), () => fs.rmSync(folder, { recursive: true, force: true }));
        const started = Date.now();
        const c = collector.collector;
        const step = (what: string, condition: () => boolean) =>
            waitFor(what, condition, {
                limitMs: STEP_LIMIT_MS,
                abort: () => (device.ended ? "luatos-pc ended" : undefined),
                describe: () => [...figureLines(runFigures(collector, device, started)), "last device lines:", ...device.lines.slice(-25)].join("\n"),
            });

        // The scripted part: each fault, and the firmware's answer to it.
        await step("the first samples and a beacon", () => c.distinct() >= 3 && collector.beacons.length >= 1);
        let connections = c.connections;
        let samples = c.samples.length;
        collector.closeConnections("close");
        await step("a new connection and samples after the close", () => c.connections > connections && c.samples.length > samples);
        const mark = device.lines.length;
        collector.refuse();
        collector.closeConnections("close");
        await step("a refused connect", () => appLines(device.lines.slice(mark)).some(l => l.startsWith("W/user.telemetry connect failed")));
        connections = c.connections;
        await collector.accept();
        await step("a connection once connects are accepted again", () => c.connections > connections);
        samples = c.distinct();
        await step("samples after the outage, none missing", () => c.distinct() >= samples + 3 && c.missing().length === 0);
        await step("a planned reboot, queue saved, and the next boot connected", () => c.bootReports.some(r => r.endsWith(" planned")));
        samples = c.distinct();
        await step("samples after the planned reboot, none missing", () => c.distinct() >= samples + 3 && c.missing().length === 0);

        // The schedule, until the run has lasted RUN_MS and the schedule has played its last kind
        // of fault (a restart) at least once, however long the scripted part took. Its times count
        // from the collector's start, so they are moved to now.
        const now = collector.elapsed();
        const faults = parseFaultSchedule(FAULTS).map(f => ({ ...f, atMs: f.atMs + now }));
        const connectionsBefore = c.connections;
        const stopFaults = playFaultSchedule(collector, faults, parseDuration(FAULT_REPEAT));
        cleanup.push(stopFaults);
        await waitFor("the end of the run", () => Date.now() - started >= RUN_MS && collector.faults.restarts >= 1, {
            limitMs: RUN_MS + parseDuration(FAULT_REPEAT),
            pollMs: 1000,
            abort: () => (device.ended ? "luatos-pc ended" : undefined),
        });
        stopFaults();
        // A fault cut short by the stop ends here: the collector answers and accepts again.
        collector.setSilent(false);
        await collector.accept();
        samples = c.distinct();
        await step("samples after the faults, none missing", () => c.distinct() >= samples + 3 && c.missing().length === 0);

        const figures = runFigures(collector, device, started);
        console.log(figureLines(figures).map(l => `luatos-pc five-minute run: ${l}`).join("\n"));
        expect(figures.seconds).toBeGreaterThanOrEqual(RUN_MS / 1000);
        expect(figures.lost).toBe(0);
        expect(figures.device.errors).toEqual([]);
        expect(figures.device.plannedReboots).toBeGreaterThanOrEqual(1);
        expect(figures.device.unsavedQueues).toBe(0);
        // No reboot but the planned ones, and each boot continued the first one's samples.
        expect(figures.device.boots - 1).toBe(figures.device.plannedReboots);
        expect(figures.bootIds).toBe(1);
        expect(figures.beacons).toBeGreaterThanOrEqual(1);
        expect(collector.beacons.every(b => /^BEACON node-1 \d+ \S+$/.test(b.text))).toBe(true);
        // Every kind of fault was played, and the firmware came back after them.
        expect(figures.faults.refused).toBeGreaterThanOrEqual(2);
        expect(figures.faults.closed).toBeGreaterThanOrEqual(3);
        expect(figures.faults.reset).toBeGreaterThanOrEqual(1);
        expect(figures.faults.silenced).toBeGreaterThanOrEqual(1);
        expect(figures.faults.restarts).toBeGreaterThanOrEqual(1);
        expect(c.connections - connectionsBefore).toBeGreaterThanOrEqual(4);
    });
});
