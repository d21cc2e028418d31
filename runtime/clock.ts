import type { Scheduler } from "./net/network.js";

interface ClockEvent {
    time: number;
    seq: number;
    fn: (() => void) | undefined; // undefined once cancelled or run
}

/**
 * The simulated device's clock and event queue. In "virtual" mode device
 * time stands still while the device works and jumps to the next due event
 * when it waits, so hours pass in milliseconds and runs are deterministic.
 * In "wall" mode device time is the wall clock since boot (host network:
 * device time must never run ahead of a real socket).
 *
 * Events due at the same time run in the order they were scheduled, and an
 * event never runs inside the `at` call that schedules it.
 */
export class DeviceClock implements Scheduler {
    private readonly heap: ClockEvent[] = [];
    private seq = 0;
    private virtualNow = 0;
    private readonly wallStart = performance.now();
    /** Called whenever an event is scheduled (the wall-mode loop re-arms its timer). */
    onSchedule: (() => void) | undefined;

    constructor(readonly mode: "virtual" | "wall") {}

    /** Device time in whole milliseconds since the simulation started. */
    now(): number {
        if (this.mode === "wall") this.virtualNow = Math.max(this.virtualNow, Math.floor(performance.now() - this.wallStart));
        return this.virtualNow;
    }

    at(timeMs: number, fn: () => void): () => void {
        const event: ClockEvent = { time: Math.max(timeMs, 0), seq: this.seq++, fn };
        this.push(event);
        this.onSchedule?.();
        return () => {
            event.fn = undefined;
        };
    }

    /** Runs `fn` `delayMs` after now. */
    after(delayMs: number, fn: () => void): () => void {
        return this.at(this.now() + delayMs, fn);
    }

    /** Time of the earliest pending event, if any. */
    nextTime(): number | undefined {
        this.dropCancelled();
        return this.heap[0]?.time;
    }

    /** Number of pending events (cancelled ones excluded lazily). */
    get pending(): number {
        this.dropCancelled();
        return this.heap.length;
    }

    /**
     * Runs the earliest pending event. In virtual mode device time first
     * jumps to the event's time. Returns false when nothing is pending.
     */
    runNext(): boolean {
        this.dropCancelled();
        const event = this.pop();
        if (event === undefined) return false;
        if (this.mode === "virtual" && event.time > this.virtualNow) this.virtualNow = event.time;
        const fn = event.fn;
        event.fn = undefined;
        fn?.();
        return true;
    }

    /** Runs every event due at or before now (wall mode), or at exactly now (virtual). */
    runDue(): number {
        let count = 0;
        for (let next = this.nextTime(); next !== undefined && next <= this.now(); next = this.nextTime()) {
            this.runNext();
            count += 1;
        }
        return count;
    }

    /** Virtual mode: moves device time forward to `timeMs` without running anything. */
    advanceTo(timeMs: number): void {
        if (this.mode === "virtual" && timeMs > this.virtualNow) this.virtualNow = timeMs;
    }

    /** Forgets every pending event. */
    clear(): void {
        for (const event of this.heap) event.fn = undefined;
        this.heap.length = 0;
    }

    private dropCancelled(): void {
        while (this.heap.length > 0 && this.heap[0]!.fn === undefined) this.pop();
    }

    private less(a: ClockEvent, b: ClockEvent): boolean {
        return a.time < b.time || (a.time === b.time && a.seq < b.seq);
    }

    private push(event: ClockEvent): void {
        const heap = this.heap;
        heap.push(event);
        let i = heap.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!this.less(heap[i]!, heap[parent]!)) break;
            [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
            i = parent;
        }
    }

    private pop(): ClockEvent | undefined {
        const heap = this.heap;
        const top = heap[0];
        const last = heap.pop();
        if (heap.length > 0 && last !== undefined) {
            heap[0] = last;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < heap.length && this.less(heap[l]!, heap[m]!)) m = l;
                if (r < heap.length && this.less(heap[r]!, heap[m]!)) m = r;
                if (m === i) break;
                [heap[i], heap[m]] = [heap[m]!, heap[i]!];
                i = m;
            }
        }
        return top;
    }
}
