/**
 * The reference firmware's surroundings on the virtual network: the
 * collector (TCP 9000; it also records the boot reports the firmware sends
 * on the session) and a beacon listener (UDP 9001), at the host name the
 * firmware dials. Used by `npm start` and by the reliability tests.
 */
import type { VirtualNetwork } from "../runtime/net/virtual-network.js";
import { Collector, type CollectorOptions } from "./collector.js";

/** Must match src/config.ts. */
export const COLLECTOR_HOST = "collector.local";
export const COLLECTOR_PORT = 9000;
export const BEACON_PORT = 9001;

export interface TelemetryRig {
    collector: Collector;
    /** Beacon datagrams, as text. */
    beacons: string[];
}

/** Starts the firmware's servers on a virtual network. */
export function startTelemetryRig(net: VirtualNetwork, options: Partial<CollectorOptions> = {}): TelemetryRig {
    const collector = new Collector({ now: () => net.now(), ...options });
    net.listenTcp(COLLECTOR_HOST, COLLECTOR_PORT, collector.handler);
    const beacons: string[] = [];
    net.listenUdp(COLLECTOR_HOST, BEACON_PORT, datagram => {
        beacons.push(datagram.text.trimEnd());
    });
    return { collector, beacons };
}

/** The counters of the firmware's last `stats` log line, by name. */
export function lastStats(logLines: readonly string[]): Record<string, number> | undefined {
    for (let i = logLines.length - 1; i >= 0; i--) {
        const line = logLines[i] ?? "";
        if (!line.startsWith("I/user.stats\t")) continue;
        const words = line.split("\t").slice(1);
        const stats: Record<string, number> = {};
        for (let w = 0; w + 1 < words.length; w += 2) stats[words[w] ?? ""] = Number(words[w + 1]);
        return stats;
    }
    return undefined;
}
