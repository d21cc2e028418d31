/**
 * Restoring, at boot, what app/queue-save.ts saved before a planned
 * reboot (the file format is described there). Loaded once at boot and not
 * kept loaded (telemetry.ts `runOnce`): its code does not stay in the heap.
 */
import { Names } from "../config";
import type { SessionCounters } from "./queue-save";
import { enqueue, type SampleQueue } from "./sample-queue";

/**
 * Reads a file's text into `queue` (empty) and `c`; returns the boot id and
 * the highest seq sent, or nothing when the text is not a queue file (then
 * neither is changed).
 */
export function decodeQueue(text: string, queue: SampleQueue, c: SessionCounters): LuaMultiReturn<[number, number] | []> {
    const [header, rest] = string.match(text, "^Q1 ([ %d]*)\n(.*)$");
    if (header === undefined || rest === undefined) return $multi();
    const n: number[] = [];
    for (const [word] of string.gmatch(header, "%d+")) n.push(math.tointeger(tonumber(word) ?? -1) ?? -1);
    if (n.length !== 9) return $multi();
    for (const [seq, time, value] of string.gmatch(rest, "(%d+) (%d+) (%-?[%d%.]+)\n")) {
        enqueue(queue, math.tointeger(tonumber(seq) ?? -1) ?? -1, math.tointeger(tonumber(time) ?? -1) ?? -1, tonumber(value) ?? 0);
    }
    c.produced = n[1]!;
    c.sent = n[2]!;
    c.acked = n[3]!;
    c.resent = n[4]!;
    c.reconnects = n[5]!;
    c.invalid = n[6]!;
    queue.dropped = n[8]!;
    return $multi(n[0]!, n[7]!);
}

/**
 * At boot: reads the queue file into `queue` and `c`, removes it, and
 * returns the boot id and the highest seq sent; nothing when there is no
 * file (the last reboot was not planned).
 */
export function restoreQueue(queue: SampleQueue, c: SessionCounters): LuaMultiReturn<[number, number] | []> {
    const [file] = io.open(Names.QUEUE_FILE, "r");
    if (file === undefined) return $multi();
    const text = file.read("a");
    file.close();
    // Emptied at once: after a crash later in this boot the file would bring back samples already acknowledged.
    io.open(Names.QUEUE_FILE, "w")[0]?.close();
    if (typeof text !== "string") return $multi();
    return decodeQueue(text, queue, c);
}
