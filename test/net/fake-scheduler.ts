import type { Scheduler } from "../../runtime/net/network.js";

/**
 * A device clock for tests: a queue of events sorted by time, then by the
 * order they were scheduled. Time moves only when the test steps it.
 */
export class FakeScheduler implements Scheduler {
    private time = 0;
    private seq = 0;
    private queue: { time: number; seq: number; fn: () => void; cancelled: boolean }[] = [];

    now(): number {
        return this.time;
    }

    at(timeMs: number, fn: () => void): () => void {
        const event = { time: Math.max(timeMs, this.time), seq: this.seq++, fn, cancelled: false };
        // Insert keeping (time, seq) order; later events are usually last.
        let i = this.queue.length;
        while (i > 0 && this.queue[i - 1].time > event.time) i--;
        this.queue.splice(i, 0, event);
        return () => {
            event.cancelled = true;
        };
    }

    /** Run every event due up to `timeMs`, then set the clock to it. */
    runUntil(timeMs: number): void {
        while (this.queue.length > 0 && this.queue[0].time <= timeMs) {
            const event = this.queue.shift()!;
            if (event.cancelled) continue;
            this.time = event.time;
            event.fn();
        }
        this.time = Math.max(this.time, timeMs);
    }

    /** Run for `ms` more. */
    runFor(ms: number): void {
        this.runUntil(this.time + ms);
    }

    /** Events still waiting (cancelled ones excluded). */
    pending(): number {
        return this.queue.filter((e) => !e.cancelled).length;
    }
}

/** Device-side handlers that record what happened, with times. */
export function recorder(scheduler: Scheduler) {
    const log: string[] = [];
    const data: Uint8Array[] = [];
    return {
        log,
        data,
        text: () => data.map((d) => new TextDecoder().decode(d)).join(""),
        handlers: {
            onConnect: () => log.push(`${scheduler.now()} connect`),
            onData: (d: Uint8Array) => {
                data.push(d);
                log.push(`${scheduler.now()} data ${new TextDecoder().decode(d)}`);
            },
            onClose: (reason: string) => log.push(`${scheduler.now()} close ${reason}`),
        },
    };
}

export const bytes = (text: string) => new TextEncoder().encode(text);
