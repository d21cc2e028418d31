import { concatBytes, toText } from "./bytes.js";
import type { Direction } from "./faults.js";
import type { CloseReason } from "./network.js";

/** One piece of data on a connection, at a device time. */
export interface TrafficEvent {
    /** Device time in ms. */
    readonly time: number;
    readonly direction: Direction;
    /**
     * "sent": handed to the network by its sender; "delivered": handed to the
     * receiver (after latency, split or coalesced); "dropped": lost (UDP
     * loss, a dead link, nobody listening, the receiver already closed).
     */
    readonly kind: "sent" | "delivered" | "dropped";
    readonly data: Uint8Array;
}

/** Everything that happened on one device connection (TCP) or UDP endpoint. */
export interface ConnectionRecord {
    /** 1, 2, ... in the order the device opened them. */
    readonly id: number;
    readonly protocol: "tcp" | "udp";
    /** The host as the device gave it (name or dotted quad). */
    readonly host: string;
    readonly port: number;
    /** Device time the device asked for it. */
    readonly openedAt: number;
    /** The resolved address, once known. */
    ip?: string;
    /** The device's local port, once assigned. */
    localPort?: number;
    /** Device time the device saw the connection established. */
    connectedAt?: number;
    /** Device time and reason of the device side's onClose. */
    closedAt?: number;
    closeReason?: CloseReason;
    /** TCP: device time and reason the server side's connection ended. */
    serverClosedAt?: number;
    serverCloseReason?: CloseReason;
    readonly events: TrafficEvent[];
}

/** The traffic of a network, as data for tests to assert on. */
export class TrafficLog {
    /** Every connection and endpoint, in the order the device opened them. */
    readonly connections: ConnectionRecord[] = [];

    /** Start a record (the network calls this). */
    open(protocol: "tcp" | "udp", host: string, port: number, time: number): ConnectionRecord {
        const record: ConnectionRecord = { id: this.connections.length + 1, protocol, host, port, openedAt: time, events: [] };
        this.connections.push(record);
        return record;
    }

    /** Connections to `host` (name or IP, as dialled or resolved) and optionally `port`. */
    find(host: string, port?: number): ConnectionRecord[] {
        const wanted = host.toLowerCase();
        return this.connections.filter(
            (c) => (c.host.toLowerCase() === wanted || c.ip === host) && (port === undefined || c.port === port),
        );
    }
}

/** Append an event to a record. */
export function recordEvent(record: ConnectionRecord, time: number, direction: Direction, kind: TrafficEvent["kind"], data: Uint8Array): void {
    record.events.push({ time, direction, kind, data });
}

/** The bytes of every `kind` event one way, joined (default: what was delivered). */
export function trafficBytes(record: ConnectionRecord, direction: Direction, kind: TrafficEvent["kind"] = "delivered"): Uint8Array {
    return concatBytes(record.events.filter((e) => e.direction === direction && e.kind === kind).map((e) => e.data));
}

/** {@link trafficBytes} decoded as UTF-8. */
export function trafficText(record: ConnectionRecord, direction: Direction, kind: TrafficEvent["kind"] = "delivered"): string {
    return toText(trafficBytes(record, direction, kind));
}
