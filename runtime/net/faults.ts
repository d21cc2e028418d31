/**
 * Faults the virtual network can inject, as data. A fault is active in a
 * window of device time (`from` inclusive, `until` exclusive; both optional:
 * from boot, forever), or happens at an instant (`at`). Faults that apply
 * "per opportunity" (a connect attempt, a lookup, a segment) take a
 * `probability` drawn from the network's seeded random source.
 *
 * The field schema below is the single source of truth for both the
 * TypeScript API and scenario files.
 */

/** Which way data travels. */
export type Direction = "to-server" | "to-device";

/** Active from `from` (default: boot) until before `until` (default: forever), in device ms. */
export interface FaultWindow {
    from?: number;
    until?: number;
}

/** Which connections a fault affects: host (as dialled, or its IP) and port; absent = all. */
export interface FaultTarget {
    host?: string;
    port?: number;
}

/** Restricts a fault to one direction; absent = both. */
export interface FaultDirection {
    direction?: Direction;
}

/** Applied per opportunity with this chance (0..1); default 1. */
export interface FaultChance {
    probability?: number;
}

export type Fault =
    /** Connection attempts are refused (RST), as if nothing listened. */
    | ({ kind: "refuse" } & FaultWindow & FaultTarget & FaultChance)
    /** Name lookups fail (for `name`, or every name). */
    | ({ kind: "dns-fail"; name?: string } & FaultWindow & FaultChance)
    /** One-way latency `delay` ms plus up to `jitter` ms, replacing the network's default. */
    | ({ kind: "latency"; delay: number; jitter?: number } & FaultWindow & FaultTarget & FaultDirection)
    /** Each send arrives in pieces of at most `bytes` bytes, as separate deliveries. */
    | ({ kind: "split"; bytes: number } & FaultWindow & FaultTarget & FaultDirection & FaultChance)
    /** Sends are held `hold` ms and everything sent meanwhile arrives as one piece. */
    | ({ kind: "coalesce"; hold: number } & FaultWindow & FaultTarget & FaultDirection)
    /** The device's interface is down: isUp() false, no address, open connections abort. */
    | ({ kind: "interface-down" } & FaultWindow)
    /** UDP datagrams are lost with probability `rate`. */
    | ({ kind: "udp-loss"; rate: number } & FaultWindow & FaultTarget & FaultDirection)
    /** The NTP server answers `delay` ms late. */
    | ({ kind: "ntp-late"; delay: number; server?: string } & FaultWindow)
    /** The NTP server never answers. */
    | ({ kind: "ntp-never"; server?: string } & FaultWindow)
    /**
     * The connection is reset: at instant `at` every matching open connection;
     * or, in a window, each segment delivered triggers a reset with `probability`.
     */
    | ({ kind: "reset"; at?: number } & FaultWindow & FaultTarget & FaultChance)
    /** The server closes cleanly (FIN), at `at` or per segment as for reset. */
    | ({ kind: "peer-close"; at?: number } & FaultWindow & FaultTarget & FaultChance)
    /**
     * The path to the server goes silent: open connections stop carrying data
     * in both directions without any close, new connection attempts get no
     * answer (they time out).
     */
    | ({ kind: "half-open" } & FaultWindow & FaultTarget);

export type FaultKind = Fault["kind"];
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

/** How a field's value is checked (and, in scenario files, read). */
export type FieldType =
    | "time" // device time in ms; in scenarios a duration since boot ("5m")
    | "duration" // ms; in scenarios a duration ("200ms")
    | "probability" // 0..1
    | "name" // non-empty string
    | "port" // 1..65535
    | "direction" // "to-server" | "to-device"
    | "count"; // integer >= 1

const WINDOW = { from: "time", until: "time" } as const;
const TARGET = { host: "name", port: "port" } as const;
const DIRECTION = { direction: "direction" } as const;
const CHANCE = { probability: "probability" } as const;

/** Every fault kind's fields (besides `kind`) and which are required. */
export const FAULT_SCHEMA: Record<FaultKind, { fields: Record<string, FieldType>; required: readonly string[] }> = {
    refuse: { fields: { ...WINDOW, ...TARGET, ...CHANCE }, required: [] },
    "dns-fail": { fields: { ...WINDOW, name: "name", ...CHANCE }, required: [] },
    latency: { fields: { ...WINDOW, ...TARGET, ...DIRECTION, delay: "duration", jitter: "duration" }, required: ["delay"] },
    split: { fields: { ...WINDOW, ...TARGET, ...DIRECTION, ...CHANCE, bytes: "count" }, required: ["bytes"] },
    coalesce: { fields: { ...WINDOW, ...TARGET, ...DIRECTION, hold: "duration" }, required: ["hold"] },
    "interface-down": { fields: { ...WINDOW }, required: [] },
    "udp-loss": { fields: { ...WINDOW, ...TARGET, ...DIRECTION, rate: "probability" }, required: ["rate"] },
    "ntp-late": { fields: { ...WINDOW, server: "name", delay: "duration" }, required: ["delay"] },
    "ntp-never": { fields: { ...WINDOW, server: "name" }, required: [] },
    reset: { fields: { ...WINDOW, ...TARGET, ...CHANCE, at: "time" }, required: [] },
    "peer-close": { fields: { ...WINDOW, ...TARGET, ...CHANCE, at: "time" }, required: [] },
    "half-open": { fields: { ...WINDOW, ...TARGET }, required: [] },
};

/** Whether `kind` names a fault. */
export function isFaultKind(kind: unknown): kind is FaultKind {
    return typeof kind === "string" && Object.hasOwn(FAULT_SCHEMA, kind);
}

/** Why `value` is not a valid `type`, or undefined when it is. */
export function checkField(type: FieldType, value: unknown): string | undefined {
    switch (type) {
        case "time":
        case "duration":
            return typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "must be a number of milliseconds >= 0";
        case "probability":
            return typeof value === "number" && value >= 0 && value <= 1 ? undefined : "must be a number from 0 to 1";
        case "name":
            return typeof value === "string" && value !== "" ? undefined : "must be a non-empty string";
        case "port":
            return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? undefined : "must be a port number 1..65535";
        case "direction":
            return value === "to-server" || value === "to-device" ? undefined : 'must be "to-server" or "to-device"';
        case "count":
            return Number.isInteger(value) && (value as number) >= 1 ? undefined : "must be an integer >= 1";
    }
}

/** `input` checked against the schema; throws RangeError naming the first wrong field. */
export function validateFault(input: Fault): Fault {
    const record = input as unknown as Record<string, unknown>;
    if (!isFaultKind(record.kind)) throw new RangeError(`unknown fault kind ${JSON.stringify(record.kind)}`);
    const schema = FAULT_SCHEMA[record.kind];
    for (const [key, value] of Object.entries(record)) {
        if (key === "kind" || value === undefined) continue;
        const type = schema.fields[key];
        if (type === undefined) throw new RangeError(`fault "${record.kind}": unknown field "${key}"`);
        const problem = checkField(type, value);
        if (problem) throw new RangeError(`fault "${record.kind}": ${key} ${problem}`);
    }
    for (const key of schema.required) {
        if (record[key] === undefined) throw new RangeError(`fault "${record.kind}": ${key} is required`);
    }
    const from = record.from as number | undefined;
    const until = record.until as number | undefined;
    if (from !== undefined && until !== undefined && until < from) throw new RangeError(`fault "${record.kind}": until is before from`);
    if (record.at !== undefined && (from !== undefined || until !== undefined || record.probability !== undefined)) {
        throw new RangeError(`fault "${record.kind}": use either at (an instant) or from/until/probability (a window), not both`);
    }
    return { ...input };
}

/** Whether a windowed fault is active at device time `time`. */
export function inWindow(fault: FaultWindow, time: number): boolean {
    return (fault.from === undefined || time >= fault.from) && (fault.until === undefined || time < fault.until);
}

/** Whether a fault's target covers a connection to `host` (resolved to `ip`) on `port`. */
export function matchesTarget(fault: FaultTarget, host: string, ip: string | undefined, port: number): boolean {
    if (fault.port !== undefined && fault.port !== port) return false;
    if (fault.host === undefined) return true;
    const wanted = fault.host.toLowerCase();
    return wanted === host.toLowerCase() || wanted === ip;
}

/** Whether a fault's direction covers `direction`. */
export function matchesDirection(fault: FaultDirection, direction: Direction): boolean {
    return fault.direction === undefined || fault.direction === direction;
}

/** A fault in a plan; cancel it to remove it (scheduled instants included). */
export interface FaultHandle {
    readonly fault: Fault;
    cancel(): void;
}

/** The faults added to a network, queried by kind and time. */
export class FaultPlan {
    private readonly faults: Fault[] = [];

    /** Add a validated copy; returns it. */
    add(fault: Fault): Fault {
        const copy = validateFault(fault);
        this.faults.push(copy);
        return copy;
    }

    /** Remove a fault that `add` returned. */
    remove(fault: Fault): void {
        const index = this.faults.indexOf(fault);
        if (index >= 0) this.faults.splice(index, 1);
    }

    /** Faults of `kind` whose window covers `time` (instant faults excluded), oldest first. */
    active<K extends FaultKind>(kind: K, time: number): FaultOf<K>[] {
        const out: FaultOf<K>[] = [];
        for (const fault of this.faults) {
            if (fault.kind !== kind) continue;
            if ("at" in fault && fault.at !== undefined) continue;
            if (inWindow(fault, time)) out.push(fault as FaultOf<K>);
        }
        return out;
    }

    /** Every fault, in the order added. */
    list(): readonly Fault[] {
        return this.faults;
    }
}
