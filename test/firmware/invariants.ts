/**
 * The reliability invariants of the reference firmware, checked against what
 * the collector recorded, what the device logged and the device's state.
 *
 * Why these relations are exact. The sample queue only ever loses its
 * oldest entries (cumulative ACKs remove a prefix; a full queue evicts the
 * head) and appends at the tail, so at any time it holds a contiguous run of
 * sequence numbers ending at the newest sample. Every sample of a boot is
 * therefore, at the end, in exactly one of three places:
 *   acked   (the device processed an ACK covering it; the collector only
 *            ACKs what it received on that connection, in order),
 *   dropped (evicted while unacknowledged; logged one by one with its seq),
 *   queued  (the newest `queued` samples: seq in (produced - queued, produced]).
 * Hence produced = acked + dropped + queued, and a sample at or below
 * produced - queued that the collector lacks must be among the dropped ones.
 * The converse does not hold: a dropped sample may have reached the
 * collector when it was sent before its eviction and the ACK never came back
 * (reset, half-open path). So the exact relation is
 *   missing = dropped \ received   (as sets, per boot),
 * and |dropped log lines| = the dropped counter.
 *
 * Planned reboots. Every started netclient object stays in the heap until
 * reboot (luat_lib_socket.c:93), so the firmware budgets its starts and,
 * when the budget is spent, saves its queue and counters to a file and
 * reboots; the next boot restores them and continues the same boot id and
 * sequence. Such a pair of device boots is one boot here (the caller merges
 * them), so every relation above holds across the planned reboot: a planned
 * reboot loses nothing, and resends after it come on a later connection.
 *
 * Heap. The leak is known and budgeted, so growth is judged with it taken
 * out: each reading minus the objects started in that boot times
 * {@link LEAK_PER_START}. What remains must not grow from hour to hour, and
 * no reading may pass the device's heap bound (past it the firmware gets
 * "not enough memory": an unplanned reboot).
 */
import type { ReceivedSample } from "../../collector/collector.js";
import { NETCLIENT_BYTES } from "../../runtime/firmware/netclient-2021/netclient.js";
import type { SocketRecord } from "../../runtime/index.js";
import { LUA53_32BIT } from "../../runtime/memory.js";

/** Counters of one boot at its end (a stats line). */
export interface BootCounters {
    produced: number;
    sent: number;
    acked: number;
    resent: number;
    dropped: number;
    queued: number;
    reconnects: number;
}

/** One device boot as the checker sees it. */
export interface BootRecord {
    /** Device boot number (0 first). */
    boot: number;
    /** The boot id the firmware put in its HELLO (from its "connected" log lines); undefined if it never connected. */
    bootId: number | undefined;
    /** Counters at the end of the boot (at the crash, or at the end of the run). */
    counters: BootCounters;
    /** Sequence numbers the firmware logged as dropped. */
    droppedSeqs: number[];
    /** Whether the boot ended in a crash or reset (its queue was lost). */
    ended: boolean;
    /** Planned reboots (heap guard) inside this boot: device boots merged into it. */
    plannedReboots?: number;
}

/** A socket object of the running boot, with when it was opened. */
export interface SocketState {
    record: SocketRecord;
    /** Device time the object made its first connection (undefined: never started). */
    openedAt: number | undefined;
}

export interface InvariantInput {
    /** What was run (fault, schedule), for messages. */
    label: string;
    seed: number;
    /** Device time at the end. */
    nowMs: number;
    samples: readonly ReceivedSample[];
    hellos: readonly { boot: number; connection: number }[];
    /** Connections the collector accepted. */
    acceptedConnections: number;
    boots: readonly BootRecord[];
    /** Netclient objects of the running boot. */
    sockets: readonly SocketState[];
    /** Heap use readings over the run, with the netclient objects started in that boot so far. */
    heap: readonly { timeMs: number; used: number; starts: number }[];
    /** The device's Lua heap bound in bytes (undefined: none). */
    heapBound?: number;
    /** Firmware errors (crashes, watchdog, waits outside tasks) and reboots the test did not cause. */
    unexpectedErrors: readonly string[];
    /** The collector's hosts and ports (to tell the session socket from the beacon's). */
    sessionPort: number;
    beaconPort: number;
}

/**
 * What one started netclient object leaves in the heap until reboot, as
 * the simulator charges it on the 32-bit model: the netclient_t userdata
 * (its header and 144-byte block) and its registry slot, counted twice
 * because the registry's array part doubles when it grows (amortized, at
 * most two slots per entry).
 */
export const LEAK_PER_START = LUA53_32BIT.udataHeader + NETCLIENT_BYTES + 2 * LUA53_32BIT.tvalue;

/** Allowed growth of the hour-2 heap peak over hour 1 (leak taken out), in bytes; see {@link HEAP_TOLERANCE_REASON}. */
export const HEAP_TOLERANCE = 1024;
export const HEAP_TOLERANCE_REASON =
    "one extra queued sample costs about 150 B in the estimate (a 3-field table, its ring slot, the line string), and the line " +
    "buffer may hold up to MAX_LINE (256 B) of a partial line; 1 KB covers that noise between equivalent hours while a leak of " +
    "one socket object per reconnect (callbacks, the link table and its line buffer: about 600 B each) shows within two reconnects";
/** A beacon socket lives at most this long (5 s connect wait, 2 s NETC_END wait). */
export const BEACON_SOCKET_LIFETIME_MS = 7_500;

function describeCopies(copies: readonly ReceivedSample[]): string {
    return copies.map(c => `connection ${c.connection} at ${(c.at / 1000).toFixed(3)} s`).join(", ");
}

/** Every invariant broken by a run, each as one line; empty when all hold. */
export function findViolations(input: InvariantInput): string[] {
    const problems: string[] = [];
    const add = (message: string) => problems.push(message);

    for (const error of input.unexpectedErrors) add(`firmware error: ${error}`);

    // ---- HELLO before samples; boot ids distinct per boot ----
    const beforeHello = input.samples.find(s => s.boot === 0);
    if (beforeHello !== undefined) add(`sample ${beforeHello.seq} arrived on connection ${beforeHello.connection} before any HELLO`);
    const bootIds = input.boots.map(b => b.bootId).filter((id): id is number => id !== undefined);
    if (new Set(bootIds).size !== bootIds.length) add(`boots share a boot id: ${bootIds.join(", ")}`);
    let lastHelloBoot: number | undefined;
    const helloRuns: number[] = [];
    for (const hello of input.hellos) {
        if (hello.boot !== lastHelloBoot) helloRuns.push(hello.boot);
        lastHelloBoot = hello.boot;
    }
    if (helloRuns.join(",") !== bootIds.join(",")) add(`HELLO boot ids in order ${helloRuns.join(", ")}; the device's boots connected as ${bootIds.join(", ")}`);

    // ---- per connection: strictly increasing seq ----
    const byConnection = new Map<number, ReceivedSample[]>();
    for (const s of input.samples) {
        const list = byConnection.get(s.connection) ?? [];
        list.push(s);
        byConnection.set(s.connection, list);
    }
    for (const [connection, list] of byConnection) {
        for (let i = 1; i < list.length; i++) {
            const previous = list[i - 1]!;
            const current = list[i]!;
            if (current.seq <= previous.seq || current.boot !== previous.boot) {
                add(`connection ${connection}: sample ${current.boot}:${current.seq} after ${previous.boot}:${previous.seq} (seq must strictly increase within a connection)`);
                break;
            }
        }
    }

    for (const boot of input.boots) {
        const c = boot.counters;
        const where = `boot ${boot.boot} (id ${boot.bootId ?? "none"})`;
        const mine = boot.bootId === undefined ? [] : input.samples.filter(s => s.boot === boot.bootId);
        const copies = new Map<number, ReceivedSample[]>();
        const firstOrder: number[] = [];
        for (const s of mine) {
            const list = copies.get(s.seq);
            if (list === undefined) {
                copies.set(s.seq, [s]);
                firstOrder.push(s.seq);
            } else list.push(s);
        }

        // Conservation: every sample is acked, dropped or queued.
        if (c.produced !== c.acked + c.dropped + c.queued) {
            add(`${where}: produced ${c.produced} != acked ${c.acked} + dropped ${c.dropped} + queued ${c.queued}`);
        }
        // Drops are reported one by one.
        const dropped = new Set(boot.droppedSeqs);
        if (boot.droppedSeqs.length !== c.dropped || dropped.size !== c.dropped) {
            add(`${where}: the dropped counter is ${c.dropped} but ${boot.droppedSeqs.length} drops were logged (${dropped.size} distinct)`);
        }
        const settled = c.produced - c.queued;
        const badDrop = boot.droppedSeqs.find(seq => seq < 1 || seq > settled);
        if (badDrop !== undefined) add(`${where}: sample ${badDrop} logged as dropped is not among the settled samples 1..${settled}`);

        // Nothing the device did not produce.
        const phantom = firstOrder.find(seq => !Number.isInteger(seq) || seq < 1 || seq > c.produced);
        if (phantom !== undefined) add(`${where}: the collector got sample ${phantom}, but the device produced only ${c.produced}`);

        // Exact: missing (settled, not received) == dropped and not received.
        const missing: number[] = [];
        for (let seq = 1; seq <= settled; seq++) if (!copies.has(seq)) missing.push(seq);
        const unexplained = missing.filter(seq => !dropped.has(seq));
        if (unexplained.length > 0) {
            const seq = unexplained[0]!;
            const around = [seq - 1, seq + 1].map(n => `${n}: ${copies.has(n) ? describeCopies(copies.get(n)!) : "missing"}`).join("; ");
            add(`${where}: ${unexplained.length} samples produced while the queue had room never reached the collector; first: ${seq} (neighbours ${around})`);
        }
        const deliveredAnyway = boot.droppedSeqs.filter(seq => copies.has(seq)).length;
        if (missing.length !== c.dropped - deliveredAnyway) {
            add(`${where}: ${missing.length} settled samples missing, dropped counter ${c.dropped}, of which ${deliveredAnyway} arrived before eviction`);
        }

        // The unsettled tail (the queue at the end): what arrived of it is a prefix.
        let gap = false;
        for (let seq = settled + 1; seq <= c.produced; seq++) {
            if (!copies.has(seq)) gap = true;
            else if (gap) {
                add(`${where}: queued sample ${seq} reached the collector although an earlier queued one did not`);
                break;
            }
        }
        if (boot.ended) {
            let n = 0;
            while (copies.has(n + 1) || dropped.has(n + 1)) n++;
            if (c.produced - n > c.queued) add(`${where}: lost ${c.produced - n} samples at the crash, more than the ${c.queued} queued then`);
        }

        // In order: first copies arrive in increasing seq.
        for (let i = 1; i < firstOrder.length; i++) {
            if (firstOrder[i]! < firstOrder[i - 1]!) {
                const seq = firstOrder[i]!;
                add(`${where}: sample ${seq} first arrived after sample ${firstOrder[i - 1]} (${describeCopies(copies.get(seq)!)})`);
                break;
            }
        }
        // Duplicates only on a later connection than the first copy.
        for (const [seq, list] of copies) {
            const first = list[0]!;
            const bad = list.slice(1).find(copy => copy.connection <= first.connection);
            if (bad !== undefined) {
                add(`${where}: sample ${seq} duplicated without a reconnect: ${describeCopies(list)}`);
                break;
            }
        }
        // Counter sanity against the collector.
        const firstSends = c.sent - c.resent;
        if (copies.size > firstSends) add(`${where}: the collector holds ${copies.size} distinct samples but the device sent only ${firstSends} for the first time`);
        if (mine.length > c.sent) add(`${where}: the collector received ${mine.length} sample lines but the device sent only ${c.sent}`);
        const helloConnections = new Set(input.hellos.filter(h => h.boot === boot.bootId).map(h => h.connection)).size;
        if (boot.bootId !== undefined && (helloConnections > c.reconnects + 1 || c.reconnects + 1 > input.acceptedConnections)) {
            add(`${where}: ${c.reconnects} reconnects counted, ${helloConnections} connections said HELLO, ${input.acceptedConnections} accepted`);
        }
    }

    // ---- sockets: every object cleaned, except the ones in use now ----
    // The session owns at most one link and cleans it before the next one, so
    // only the newest TCP object may be uncleaned, and only while not closed.
    // The beacon likewise owns one UDP object for at most a few seconds.
    const newest = (protocol: "TCP" | "UDP", port: number) => {
        let found: SocketState | undefined;
        for (const s of input.sockets) if (s.record.protocol === protocol && s.record.port === port) found = s;
        return found;
    };
    const session = newest("TCP", input.sessionPort);
    const beacon = newest("UDP", input.beaconPort);
    for (const s of input.sockets) {
        if (s.record.cleaned) continue;
        if (s === session && !s.record.closed) continue;
        if (s === beacon && s.openedAt !== undefined && input.nowMs - s.openedAt <= BEACON_SOCKET_LIFETIME_MS) continue;
        add(`socket ${s.record.id} (${s.record.protocol} ${s.record.host}:${s.record.port}, ${s.record.closed ? "closed" : "open"}, callbacks ${s.record.callbacks.join("/") || "none"}) was never cleaned`);
    }

    // ---- heap: never past the bound; no growth from hour to hour once the known leak is taken out ----
    if (input.heapBound !== undefined) {
        const over = input.heap.find(h => h.used > input.heapBound!);
        if (over !== undefined) add(`heap ${over.used} B at ${(over.timeMs / 1000).toFixed(0)} s is past the bound of ${input.heapBound} B (${over.starts} objects started)`);
    }
    const peak = (from: number, to: number) => {
        let max: number | undefined;
        for (const h of input.heap) if (h.timeMs > from && h.timeMs <= to && h.used > 0) max = Math.max(max ?? 0, h.used - h.starts * LEAK_PER_START);
        return max;
    };
    const hour = 3_600_000;
    for (let h = 1; (h + 1) * hour <= input.nowMs + 1000; h++) {
        const before = peak((h - 1) * hour, h * hour);
        const after = peak(h * hour, (h + 1) * hour);
        if (before !== undefined && after !== undefined && after > before + HEAP_TOLERANCE) {
            add(`heap grew: peak ${after} B in hour ${h + 1} against ${before} B in hour ${h}, started objects × ${LEAK_PER_START} B taken out (tolerance ${HEAP_TOLERANCE} B)`);
        }
    }
    return problems;
}

/** Throws with every violation, the seed and what was run, so a failure can be replayed. */
export function assertInvariants(input: InvariantInput): void {
    const problems = findViolations(input);
    if (problems.length === 0) return;
    throw new Error(
        `${problems.length} invariant(s) broken — seed ${input.seed}, ${input.label}\n` +
            problems.map(p => `  - ${p}`).join("\n") +
            `\n  counters: ${input.boots.map(b => `boot ${b.boot}: ${JSON.stringify(b.counters)}`).join("; ")}`,
    );
}
