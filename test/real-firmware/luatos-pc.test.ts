/**
 * The reference firmware built with `--board pc` (netclient-compat over
 * today's socket API) on luatos-pc, LuatOS's current PC build, in real
 * time, against the collector on real sockets: the same image's
 * application lines on luatos-pc and on the simulator's current C layer,
 * step for step. Every step waits for what the device or the collector
 * does, never for a time.
 *
 * The five-minute run with faults (no sample lost, beacons arriving) is
 * luatos-pc-soak.test.ts.
 */
import * as fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopbackCollector } from "../../collector/loopback.js";
import { appLines, waitFor, type DeviceProcess } from "../support/real-device.js";
import { COMPRESSED_PERIODS, luatosPcVariant } from "../support/real-runtimes.js";
import { launchReference, startLoopbackCollector } from "../support/reference-run.js";
import { bootDevice } from "../../runtime/index.js";
import { firmwareBuild } from "../firmware/firmware-build.js";
import { requireReferenceBinary } from "../support/reference-programs.js";

/** Longest wait for any one step: a bound against hanging on a loaded machine, not a timing. */
const STEP_LIMIT_MS = 90_000;

/**
 * An application line with what differs from run to run masked: numbers
 * (counters, boot ids, memory, socket ids) and the date. luatos-pc's clock
 * is the PC's, set from the start, while a module's (and the simulator's)
 * starts at 1970 until NTP answers, and NTP cannot answer here: the NTP
 * line says "synced" on one and "not synced" on the other, so it is
 * compared without that word (and its place differs, see the test).
 */
function shape(line: string): string {
    return line
        .replace(/^(I\/user\.ntp) (not )?synced /, "$1 (not) synced ")
        .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, "DATE")
        .replace(/\b[0-9a-f]*\d[0-9a-f]*\b/g, "#");
}

describe("the reference firmware built for pc, on luatos-pc and on the simulator", () => {
    const cleanup: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
        for (const fn of cleanup.splice(0).reverse()) await fn();
    });

    async function onLuatosPc(binary: string, settings = COMPRESSED_PERIODS): Promise<{ collector: LoopbackCollector; device: DeviceProcess }> {
        const { collector, address } = await startLoopbackCollector();
        cleanup.push(() => collector.stop());
        const { device, folder } = launchReference({ runtime: "luatos-pc", binary, address, settings });
        cleanup.push(() => device.stop(), () => fs.rmSync(folder, { recursive: true, force: true }));
        return { collector, device };
    }

    it("prints the same application lines on luatos-pc and on the simulator's current C layer", { timeout: 300_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        // The scenario: boot, connect, three samples, the collector closes, the firmware reconnects.
        const upToReconnect = (lines: readonly string[]) => {
            const app = appLines(lines);
            const connected = app.map((l, i) => (l.startsWith("I/user.telemetry connected ") ? i : -1)).filter(i => i >= 0);
            return connected.length >= 2 ? app.slice(0, connected[1]! + 1) : undefined;
        };

        const pc = await onLuatosPc(binary);
        await waitFor("three samples on luatos-pc", () => pc.collector.collector.distinct() >= 3, { limitMs: STEP_LIMIT_MS, abort: () => (pc.device.ended ? "luatos-pc ended" : undefined) });
        pc.collector.closeConnections("close");
        await waitFor("the reconnect on luatos-pc", () => upToReconnect(pc.device.lines) !== undefined, { limitMs: STEP_LIMIT_MS, describe: () => pc.device.lines.join("\n") });
        const onPc = upToReconnect(pc.device.lines)!;

        const { collector, address } = await startLoopbackCollector();
        cleanup.push(() => collector.stop());
        const build = firmwareBuild(luatosPcVariant(address, COMPRESSED_PERIODS), { board: "pc" });
        const device = bootDevice({ buildDir: build.buildDir, board: "pc", network: "host", keepLog: true, rebootOnCrash: false });
        cleanup.push(() => device.dispose());
        const simLines = () => device.log.map(l => l.text);
        const untilStats = device.run(STEP_LIMIT_MS, { until: { log: /^I\/user\.stats / } });
        await waitFor("three samples on the simulator", () => collector.collector.distinct() >= 3, { limitMs: STEP_LIMIT_MS, describe: () => simLines().join("\n") });
        collector.closeConnections("close");
        await untilStats;
        await device.run(STEP_LIMIT_MS, { until: { log: /^I\/user\.telemetry connected / } });
        const onSimulator = upToReconnect(simLines());
        expect(device.errors).toEqual([]);

        expect(onSimulator, `simulator:\n${simLines().join("\n")}`).toBeDefined();
        // The NTP line comes where each clock puts it: luatos-pc's is set from the start, so
        // the session does not wait for NTP; the module's starts at 1970, so it waits NTP_TIMEOUT_MS.
        const isNtp = (l: string) => l.startsWith("I/user.ntp ");
        expect(onSimulator!.filter(l => !isNtp(l)).map(shape)).toEqual(onPc.filter(l => !isNtp(l)).map(shape));
        expect(onSimulator!.filter(isNtp).map(shape)).toEqual(onPc.filter(isNtp).map(shape));
        // The lines the scenario must have produced, so that the comparison compares something.
        expect(onPc.filter(l => !isNtp(l)).map(shape)).toEqual([
            "I/user.net ready #.#.#.#",
            "I/user.main telemetry-node #.#.# LuatOS-SoC_V2035_PC",
            "I/user.telemetry connected # boot #",
            "I/user.stats produced # sent # acked # resent # dropped # reconnects # invalid # queued # mem #",
            "I/user.telemetry connected # boot #",
        ]);
        expect(onPc.filter(isNtp).map(shape)).toEqual(["I/user.ntp (not) synced DATE"]);
    });
});
