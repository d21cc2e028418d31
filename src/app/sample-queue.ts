/**
 * Samples waiting for the collector's acknowledgement: a bounded ring in
 * sequence order. A reconnect resends everything still in it; when it is
 * full the oldest sample is dropped and counted, never silently.
 */
export interface Sample {
    seq: number;
    /** Device time (os.time()) when measured. */
    time: number;
    value: number;
}

export interface SampleQueue {
    readonly capacity: number;
    /** Ring storage, indexed 0 .. capacity-1. */
    readonly items: Sample[];
    /** Index of the oldest sample. */
    head: number;
    count: number;
    /** Samples dropped because the queue was full. */
    dropped: number;
}

export function newSampleQueue(capacity: number): SampleQueue {
    return { capacity, items: [], head: 0, count: 0, dropped: 0 };
}

/**
 * Adds a sample; when full, drops the oldest first (counted in `dropped`).
 * Returns the dropped sample, so the caller can report which one it was.
 */
export function enqueue(queue: SampleQueue, sample: Sample): Sample | undefined {
    let dropped: Sample | undefined;
    if (queue.count === queue.capacity) {
        dropped = queue.items[queue.head];
        queue.head = (queue.head + 1) % queue.capacity;
        queue.count -= 1;
        queue.dropped += 1;
    }
    queue.items[(queue.head + queue.count) % queue.capacity] = sample;
    queue.count += 1;
    return dropped;
}

/** The i-th oldest sample (0-based), or undefined. */
export function peek(queue: SampleQueue, i: number): Sample | undefined {
    if (i < 0 || i >= queue.count) return undefined;
    return queue.items[(queue.head + i) % queue.capacity];
}

/** Removes every sample with seq ≤ `seq` (acknowledgements are cumulative). Returns how many. */
export function acknowledge(queue: SampleQueue, seq: number): number {
    let removed = 0;
    for (;;) {
        const oldest = peek(queue, 0);
        if (oldest === undefined || oldest.seq > seq) return removed;
        queue.items[queue.head] = undefined as unknown as Sample;
        queue.head = (queue.head + 1) % queue.capacity;
        queue.count -= 1;
        removed += 1;
    }
}
