/**
 * Samples waiting for the collector's acknowledgement: a bounded ring in
 * sequence order. A reconnect resends everything still in it; when it is
 * full the oldest sample is dropped and counted, never silently.
 *
 * A sample is its sequence number (counted from 1 per boot), its device time
 * (os.time() when measured) and its value. They are kept in three parallel
 * arrays rather than a table per sample: a full queue of 64 samples then
 * holds about 1.6 KB of Lua heap instead of about 7.7 KB. Slots are not
 * cleared when a sample leaves (numbers hold no heap): once every slot has
 * been used the arrays keep their size, as C Lua would keep it anyway.
 */
export interface SampleQueue {
    readonly capacity: number;
    /** Ring storage, indexed 0 .. capacity-1: slot k holds the seq, time and value of one sample (stale outside head .. head+count-1). */
    readonly seqs: number[];
    readonly times: number[];
    readonly values: number[];
    /** Index of the oldest sample. */
    head: number;
    count: number;
    /** Samples dropped because the queue was full. */
    dropped: number;
}

export function newSampleQueue(capacity: number): SampleQueue {
    return { capacity, seqs: [], times: [], values: [], head: 0, count: 0, dropped: 0 };
}

/**
 * Adds a sample; when full, drops the oldest first (counted in `dropped`).
 * Returns the seq of the dropped sample, so the caller can report which one it was.
 */
export function enqueue(queue: SampleQueue, seq: number, time: number, value: number): number | undefined {
    let dropped: number | undefined;
    if (queue.count === queue.capacity) {
        dropped = queue.seqs[queue.head];
        queue.head = (queue.head + 1) % queue.capacity;
        queue.count -= 1;
        queue.dropped += 1;
    }
    const slot = (queue.head + queue.count) % queue.capacity;
    queue.seqs[slot] = seq;
    queue.times[slot] = time;
    queue.values[slot] = value;
    queue.count += 1;
    return dropped;
}

/** The i-th oldest sample (0-based) as seq, time and value; all undefined when there is none. */
export function peek(queue: SampleQueue, i: number): LuaMultiReturn<[seq: number, time: number, value: number] | [seq: undefined, time: undefined, value: undefined]> {
    if (i < 0 || i >= queue.count) return $multi(undefined, undefined, undefined);
    const slot = (queue.head + i) % queue.capacity;
    return $multi(queue.seqs[slot]!, queue.times[slot]!, queue.values[slot]!);
}

/** Removes every sample with seq ≤ `seq` (acknowledgements are cumulative). Returns how many. */
export function acknowledge(queue: SampleQueue, seq: number): number {
    let removed = 0;
    while (queue.count > 0 && queue.seqs[queue.head]! <= seq) {
        queue.head = (queue.head + 1) % queue.capacity;
        queue.count -= 1;
        removed += 1;
    }
    return removed;
}
