/**
 * The fault matrix: one case per fault the reference firmware must survive.
 * Each runs two device hours with the same fault in both hours, so the heap
 * of hour 2 can be compared with hour 1 (hour 1 also carries the boot). Each
 * case also checks that its fault really happened: a fault that misses the
 * firmware would make the invariants pass for nothing.
 */
import { expect } from "vitest";
import { COLLECTOR_HOST, COLLECTOR_PORT, type TelemetryRig } from "../../collector/rig.js";
import type { SimulatedDevice } from "../../runtime/index.js";
import type { Fault } from "../../runtime/net/faults.js";
import { assertInvariants } from "./invariants.js";
import { HOUR, invariantInput, MINUTE, runFirmware, type FirmwareRun, type FirmwareRunOptions } from "./run-firmware.js";

export const SESSION = { host: COLLECTOR_HOST, port: COLLECTOR_PORT };

/** The same faults at the same minutes of each of the two hours. */
function everyHour(make: (hourStart: number) => Fault[]): Fault[] {
    return [0, HOUR].flatMap(make);
}

/** The connection of the device's traffic log that carried the session (TCP to the collector). */
export function sessionConnections(run: FirmwareRun) {
    return run.device.connections.filter(c => c.protocol === "TCP" && c.port === COLLECTOR_PORT && c.id !== "tsend");
}

function count(lines: readonly string[], pattern: RegExp): number {
    return lines.filter(l => pattern.test(l)).length;
}

/** Lookups of the collector's name that failed in the running DNS case. */
let failedLookups = 0;

export interface FaultCase {
    name: string;
    options: Omit<FirmwareRunOptions, "label" | "seed" | "durationMs">;
    /** Evidence that the fault reached the firmware, and case-specific outcomes. */
    expectations: (run: FirmwareRun) => void;
}

export const FAULT_CASES: FaultCase[] = [
    {
        name: "connection refused for 15 minutes (longer than the queue holds)",
        options: {
            faults: everyHour(h => [
                { kind: "reset", at: h + 10 * MINUTE + 1234, ...SESSION },
                { kind: "refuse", from: h + 10 * MINUTE, until: h + 25 * MINUTE, ...SESSION },
            ]),
        },
        expectations: run => {
            expect(count(run.lines, /\tconnect\tfailed\t/)).toBeGreaterThan(5);
            // 15 minutes is 90 samples against a queue of 64: drops must happen and be counted.
            expect(run.stats.dropped).toBeGreaterThan(0);
            // One reconnect after each outage, and one after each planned reboot (the queue
            // grows to full during the outage, which takes the heap near the guard's limit).
            expect(run.stats.reconnects).toBeGreaterThanOrEqual(2);
            expect(run.stats.reconnects).toBeLessThanOrEqual(2 + count(run.lines, /planned reboot, queue\tsaved/));
        },
    },
    {
        name: "DNS failure for 6 minutes",
        options: {
            faults: everyHour(h => [
                { kind: "peer-close", at: h + 10 * MINUTE + 4321, ...SESSION },
                { kind: "dns-fail", name: COLLECTOR_HOST, from: h + 10 * MINUTE, until: h + 16 * MINUTE },
            ]),
            // A connect whose name did not resolve never reaches the traffic log: count the failed lookups.
            setup: net => {
                failedLookups = 0;
                const resolve = net.resolve.bind(net);
                net.resolve = (host, done) =>
                    resolve(host, address => {
                        if (address === undefined && host === COLLECTOR_HOST) failedLookups += 1;
                        done(address);
                    });
            },
        },
        expectations: run => {
            // Each failed connect looks the name up twice (the netclient retries once 2 s later).
            expect(failedLookups).toBeGreaterThan(4);
            expect(count(run.lines, /\tconnect\tfailed\t/)).toBeGreaterThan(2);
            expect(run.stats.reconnects).toBe(2);
            expect(run.stats.dropped).toBe(0);
        },
    },
    {
        name: "the collector closes the connection mid-stream",
        options: {
            faults: everyHour(h => [7, 19, 33, 47].map(m => ({ kind: "peer-close", at: h + m * MINUTE + 5_005, ...SESSION }) as Fault)),
        },
        expectations: run => {
            expect(run.stats.reconnects).toBe(8);
            expect(sessionConnections(run).filter(c => c.closeReason === "peer-close").length).toBe(8);
        },
    },
    {
        name: "resets mid-stream (at instants and per segment)",
        options: {
            faults: everyHour(h => [
                ...[5, 25].map(m => ({ kind: "reset", at: h + m * MINUTE + 10_005, ...SESSION }) as Fault),
                // Resets right as sample and ACK segments cross: lost in flight both ways.
                { kind: "reset", from: h + 40 * MINUTE, until: h + 50 * MINUTE, probability: 0.05, ...SESSION },
            ]),
        },
        expectations: run => {
            expect(sessionConnections(run).filter(c => c.closeReason === "reset").length).toBeGreaterThan(4);
            expect(run.stats.resent).toBeGreaterThan(0);
        },
    },
    {
        name: "data split into 1-byte pieces both ways",
        options: { faults: [{ kind: "split", bytes: 1, ...SESSION }] },
        expectations: run => {
            const received = sessionConnections(run).flatMap(c => c.receivedChunks);
            expect(received.length).toBeGreaterThan(1000);
            expect(received.every(chunk => chunk.length === 1)).toBe(true);
            expect(run.stats.invalid).toBe(0);
        },
    },
    {
        name: "coalesced sends both ways (3 s hold)",
        options: { faults: [{ kind: "coalesce", hold: 3000, ...SESSION }] },
        expectations: run => {
            const received = sessionConnections(run).flatMap(c => c.receivedChunks);
            const multiLine = received.filter(chunk => chunk.filter(b => b === 10).length >= 2);
            expect(multiLine.length).toBeGreaterThan(100);
            expect(run.stats.invalid).toBe(0);
        },
    },
    {
        name: "the network down for 10 minutes",
        options: { faults: everyHour(h => [{ kind: "interface-down", from: h + 20 * MINUTE, until: h + 30 * MINUTE }]) },
        expectations: run => {
            expect(sessionConnections(run).filter(c => c.closeReason === "unreachable").length).toBe(2);
            expect(run.stats.reconnects).toBe(2);
            // 10 minutes is 60 samples: the queue of 64 holds them all.
            expect(run.stats.dropped).toBe(0);
        },
    },
    {
        name: "half-open path: the connection goes silent (heartbeat notices)",
        options: { faults: everyHour(h => [{ kind: "half-open", from: h + 20 * MINUTE, until: h + 20 * MINUTE + 1000, ...SESSION }]) },
        expectations: run => {
            expect(count(run.lines, /silent, reconnecting/)).toBe(2);
            expect(run.stats.reconnects).toBe(2);
        },
    },
    {
        name: "hung collector: TCP stays up, the collector answers nothing for 5 minutes",
        options: {
            actions: [0, HOUR].flatMap(h => [
                { atMs: h + 20 * MINUTE, run: (_device: SimulatedDevice, rig: TelemetryRig) => void (rig.collector.muted = true) },
                { atMs: h + 25 * MINUTE, run: (_device: SimulatedDevice, rig: TelemetryRig) => void (rig.collector.muted = false) },
            ]),
        },
        expectations: run => {
            expect(count(run.lines, /silent, reconnecting/)).toBeGreaterThanOrEqual(2);
            expect(run.stats.resent).toBeGreaterThan(0);
        },
    },
    {
        name: "NTP never answers",
        options: { faults: [{ kind: "ntp-never" }] },
        expectations: run => {
            expect(run.net.ntpQueries.length).toBeGreaterThan(1);
            expect(count(run.lines, /^I\/user\.ntp\tnot synced/)).toBe(run.net.ntpQueries.length);
            expect(count(run.lines, /^I\/user\.ntp\tsynced/)).toBe(0);
        },
    },
    {
        name: "firmware crash (Lua error, VM exit, reboot 30 s later) and a reset",
        options: {
            actions: [
                { atMs: 20 * MINUTE + 3_456, run: "crash" },
                { atMs: 80 * MINUTE + 7_890, run: "reset" },
            ],
        },
        expectations: run => {
            expect(run.device.reboots).toBe(2);
            expect(run.device.errors.map(e => e.kind)).toEqual(["crash"]);
            expect(count(run.lines, /^E\/lua\.err .*injected fault/)).toBe(1);
            const bootIds = new Set(run.rig.collector.hellos.map(h => h.boot));
            expect(bootIds.size).toBe(3);
            // Every boot starts over at seq 1 after its HELLO.
            for (const boot of bootIds) expect(Math.min(...run.rig.collector.samples.filter(s => s.boot === boot).map(s => s.seq))).toBe(1);
        },
    },
];

/** Runs one case for two device hours and checks the invariants and its expectations. */
export async function runFaultCase(fault: FaultCase, seed = 1): Promise<FirmwareRun> {
    const run = await runFirmware({ seed, durationMs: 2 * HOUR, label: `fault case "${fault.name}"`, ...fault.options });
    try {
        assertInvariants(invariantInput(run));
        fault.expectations(run);
        return run;
    } finally {
        run.device.dispose();
    }
}
