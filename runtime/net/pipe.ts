import { concatBytes, splitBytes } from "./bytes.js";
import type { Direction } from "./faults.js";
import type { Scheduler } from "./network.js";
import type { Prng } from "./prng.js";
import { recordEvent, type ConnectionRecord } from "./traffic.js";

/** How a send is shaped, decided when it is sent. */
export interface Shaping {
    /** One-way latency in ms. */
    latency: number;
    /** Up to this many whole ms more, drawn per send (device time stays in whole ms). */
    jitter: number;
    /** Deliver in pieces of at most this many bytes. */
    splitBytes?: number;
    /** Hold deliveries this long and merge what is sent meanwhile. */
    hold?: number;
}

/** The receiving end of a pipe. */
export interface PipeReceiver {
    /** Whether data arriving now is taken (false: the receiver is gone; recorded as dropped). */
    accepts(): boolean;
    receive(data: Uint8Array): void;
}

interface Pending {
    cancel: () => void;
    data?: Uint8Array;
}

/**
 * One direction of a TCP connection: an ordered byte stream with latency,
 * jitter, splitting and coalescing. Later sends never overtake earlier ones,
 * and control events (connect answer, FIN, RST) stay in order with the data.
 * Every delivery is a scheduler event.
 */
export class Pipe {
    private lastArrival = 0;
    private readonly pending = new Set<Pending>();
    private batch: { parts: Uint8Array[]; entry: Pending } | undefined;

    constructor(
        private readonly scheduler: Scheduler,
        readonly direction: Direction,
        private readonly record: ConnectionRecord,
        private readonly shape: () => Shaping,
        private readonly jitter: Prng,
        private readonly receiver: PipeReceiver,
    ) {}

    /** Send bytes; they arrive after the shaping in force now. */
    send(data: Uint8Array): void {
        if (data.length === 0) return;
        const now = this.scheduler.now();
        recordEvent(this.record, now, this.direction, "sent", data);
        const shaping = this.shape();
        const arrival = this.arrivalTime(now, shaping);
        if (shaping.hold !== undefined && shaping.hold > 0) {
            if (this.batch) {
                this.batch.parts.push(data);
                return;
            }
            const parts = [data];
            const at = arrival + shaping.hold;
            this.lastArrival = at;
            const entry = this.schedule(at, () => {
                this.batch = undefined;
                this.deliver(concatBytes(parts));
            });
            entry.data = data;
            this.batch = { parts, entry };
            return;
        }
        const pieces = shaping.splitBytes ? splitBytes(data, shaping.splitBytes) : [data];
        for (const piece of pieces) {
            const entry = this.schedule(arrival, () => this.deliver(piece));
            entry.data = piece;
        }
    }

    /** Run `fn` on the receiving side after everything sent so far has arrived. */
    control(fn: () => void): void {
        const now = this.scheduler.now();
        this.schedule(this.arrivalTime(now, this.shape()), fn);
    }

    /** Drop everything in flight (recorded as dropped) and cancel pending control events. */
    abort(): void {
        const now = this.scheduler.now();
        for (const entry of this.pending) {
            entry.cancel();
            const data = entry === this.batch?.entry ? concatBytes(this.batch.parts) : entry.data;
            if (data) recordEvent(this.record, now, this.direction, "dropped", data);
        }
        this.pending.clear();
        this.batch = undefined;
    }

    private arrivalTime(now: number, shaping: Shaping): number {
        const arrival = now + shaping.latency + this.jitter.upTo(shaping.jitter);
        this.lastArrival = Math.max(arrival, this.lastArrival);
        return this.lastArrival;
    }

    private schedule(time: number, fn: () => void): Pending {
        const entry: Pending = {
            cancel: this.scheduler.at(time, () => {
                this.pending.delete(entry);
                fn();
            }),
        };
        this.pending.add(entry);
        return entry;
    }

    private deliver(data: Uint8Array): void {
        const accepted = this.receiver.accepts();
        // Recorded before the receiver runs, so a reply it sends is recorded after it.
        recordEvent(this.record, this.scheduler.now(), this.direction, accepted ? "delivered" : "dropped", data);
        if (accepted) this.receiver.receive(data);
    }
}
