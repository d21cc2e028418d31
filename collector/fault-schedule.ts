/**
 * The collector process's fault schedule: what `luatos-ts collector
 * --faults` reads, and the timers that play it on a {@link LoopbackCollector}.
 *
 *   refuse@30s+20s     connects refused from 30 s for 20 s
 *   close@1m           every open connection closed (FIN) at 1 min
 *   reset@1m           the same with RST
 *   silent@2m+90s      reads but answers nothing from 2 min for 90 s
 *   restart@4m+5s      every connection reset, down (refusing) for 5 s, then back
 *
 * Times count from the collector's start; with a repeat period the whole
 * schedule starts again every period. Faults at the same time happen in
 * the order they are listed (refuse@1m+40s,close@1m: connects refused, then
 * the open connection closed, so the device's next connect is refused).
 */
import { UserError } from "../common/user-error.js";
import { formatDuration, parseDuration } from "../runtime/duration.js";
import type { LoopbackCollector } from "./loopback.js";

/** The kinds of fault, and whether each lasts (`+DURATION`). */
const KINDS = { refuse: "lasting", close: "instant", reset: "instant", silent: "lasting", restart: "lasting" } as const;

export type FaultKind = keyof typeof KINDS;

/** One entry of a schedule. */
export interface ScheduledFault {
    kind: FaultKind;
    /** Milliseconds from the start (of the collector, or of the period). */
    atMs: number;
    /** How long it lasts (refuse, silent, restart); 0 for close and reset. */
    forMs: number;
}

/** Restart's down time when the entry gives none. */
const DEFAULT_RESTART_MS = 5000;

/** Parses a `--faults` value; throws {@link UserError} naming the entry that is wrong. */
export function parseFaultSchedule(text: string): ScheduledFault[] {
    const faults: ScheduledFault[] = [];
    for (const entry of text.split(",").map(e => e.trim())) {
        if (entry === "") continue;
        const match = /^([a-z]+)@([^+]+)(?:\+(.+))?$/.exec(entry);
        if (match === null) throw new UserError(`fault "${entry}": write KIND@TIME or KIND@TIME+DURATION, like refuse@30s+20s or close@1m`);
        const kind = match[1]!;
        if (!Object.hasOwn(KINDS, kind)) throw new UserError(`fault "${entry}": unknown kind "${kind}" (known: ${Object.keys(KINDS).join(", ")})`);
        const lasting = KINDS[kind as FaultKind] === "lasting";
        if (!lasting && match[3] !== undefined) throw new UserError(`fault "${entry}": ${kind} happens at once and takes no +DURATION`);
        if (lasting && kind !== "restart" && match[3] === undefined) throw new UserError(`fault "${entry}": ${kind} needs a duration, like ${kind}@${match[2]}+30s`);
        const forMs = match[3] === undefined ? (kind === "restart" ? DEFAULT_RESTART_MS : 0) : parseDuration(match[3]);
        if (lasting && forMs <= 0) throw new UserError(`fault "${entry}": the duration must be more than 0`);
        faults.push({ kind: kind as FaultKind, atMs: parseDuration(match[2]!), forMs });
    }
    return faults.sort((a, b) => a.atMs - b.atMs);
}

/** Checks a schedule against its repeat period: every fault must end within the period. */
export function checkRepeat(faults: readonly ScheduledFault[], repeatMs: number): void {
    for (const fault of faults) {
        if (fault.atMs + fault.forMs >= repeatMs) {
            throw new UserError(`fault ${describeFault(fault)} does not end within the repeat period of ${formatDuration(repeatMs)}`);
        }
    }
}

/** A fault the way `--faults` writes it. */
export function describeFault(fault: ScheduledFault): string {
    const at = fault.atMs === 0 ? "0s" : formatDuration(fault.atMs);
    return `${fault.kind}@${at}${KINDS[fault.kind] === "lasting" ? `+${formatDuration(fault.forMs)}` : ""}`;
}

/** Applies one fault now; resolves when it is over (lasting faults) or done. */
export async function applyFault(target: LoopbackCollector, kind: FaultKind, forMs: number, sleep: (ms: number) => Promise<void>): Promise<void> {
    switch (kind) {
        case "close":
        case "reset":
            target.closeConnections(kind);
            return;
        case "refuse":
            target.refuse();
            await sleep(forMs);
            await target.accept();
            return;
        case "silent":
            target.setSilent(true);
            await sleep(forMs);
            target.setSilent(false);
            return;
        case "restart":
            await target.restart(forMs);
            return;
    }
}

/**
 * Plays a schedule on the collector, every `repeatMs` when given. Returns
 * a function that cancels what has not started yet.
 */
export function playFaultSchedule(target: LoopbackCollector, faults: readonly ScheduledFault[], repeatMs?: number): () => void {
    const timers = new Set<NodeJS.Timeout>();
    let stopped = false;
    const sleep = (ms: number) =>
        new Promise<void>(resolve => {
            const timer = setTimeout(() => {
                timers.delete(timer);
                resolve();
            }, ms);
            timers.add(timer);
        });
    const playPeriod = (offset: number) => {
        // One reading of the clock for the whole period: faults at the same time fire in their listed order.
        const now = target.elapsed();
        for (const fault of faults) {
            const timer = setTimeout(() => {
                timers.delete(timer);
                if (!stopped) void applyFault(target, fault.kind, fault.forMs, sleep);
            }, Math.max(0, offset + fault.atMs - now));
            timers.add(timer);
        }
        if (repeatMs !== undefined) {
            const timer = setTimeout(() => {
                timers.delete(timer);
                if (!stopped) playPeriod(offset + repeatMs);
            }, Math.max(0, offset + repeatMs - now));
            timers.add(timer);
        }
    };
    playPeriod(0);
    return () => {
        stopped = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
    };
}
