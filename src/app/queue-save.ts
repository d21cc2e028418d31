/**
 * Saving the samples not yet acknowledged, with the session's counters, to
 * a file before a planned reboot (the start budget of lib/connection.ts);
 * app/queue-restore.ts reads it at the next boot, which carries on as the
 * same boot: same boot id, the next seq, the same counters, the samples
 * resent in order on its first connection. Nothing is lost; what the
 * collector already had arrives again on a later connection, which the
 * protocol allows after a reconnect.
 *
 * Saving runs when the heap is nearly full, so this module is small, is
 * loaded only then and not kept loaded (telemetry.ts `runOnce`: its code
 * does not stay in the heap), and writes a line at a time.
 *
 * The file (Names.QUEUE_FILE) is text, one line per record:
 *
 *   Q1 <boot-id> <produced> <sent> <acked> <resent> <reconnects> <invalid> <highest-sent> <dropped>
 *   <seq> <time> <value>        one per queued sample, oldest first
 *
 * It is rewritten in place with `io` only (the device's `os.rename` and
 * `os.remove` are not relied on). A reset in the few milliseconds of the
 * write can leave a truncated file: the header and every complete sample
 * line are still read, and a sample whose line was cut off is lost with
 * the reset, as it would be without the file.
 */
import { Names } from "../config";
import { peek, type SampleQueue } from "./sample-queue";
import type { TelemetryStats } from "./telemetry";

/** The session counters that continue across a planned reboot: telemetry's stats. */
export type SessionCounters = TelemetryStats;

/**
 * The file's text for this queue, these counters, the boot id and the
 * highest seq sent, a line at a time to `emit`: the save runs when the heap
 * is nearly full, so the text is never held whole.
 */
export function encodeQueue(queue: SampleQueue, c: SessionCounters, bootId: number, highestSent: number, emit: (this: void, line: string) => void): void {
    emit(string.format("Q1 %d %d %d %d %d %d %d %d %d\n", bootId, c.produced, c.sent, c.acked, c.resent, c.reconnects, c.invalid, highestSent, queue.dropped));
    for (let i = 0; ; i++) {
        const [seq, time, value] = peek(queue, i);
        if (seq === undefined) return;
        emit(string.format("%d %d %.6f\n", seq, time, value));
    }
}

/** Writes the queue file. Returns whether it was written. */
export function saveQueue(queue: SampleQueue, c: SessionCounters, bootId: number, highestSent: number): boolean {
    const [file] = io.open(Names.QUEUE_FILE, "w");
    if (file === undefined) return false;
    let ok = true;
    encodeQueue(queue, c, bootId, highestSent, line => {
        if (file.write(line)[0] === undefined) ok = false;
    });
    file.close();
    return ok;
}

/**
 * Before the planned reboot of the heap guard (the start budget of lib/connection.ts): saves
 * and logs `planned reboot` with the figures. The caller then reboots and
 * changes nothing meanwhile.
 */
export function saveForReboot(queue: SampleQueue, c: SessionCounters, bootId: number, highestSent: number): void {
    const saved = saveQueue(queue, c, bootId, highestSent);
    const [, used] = rtos.meminfo();
    log.warn("telemetry", "planned reboot, queue", saved ? "saved" : "NOT saved", queue.count, "mem", used);
}
