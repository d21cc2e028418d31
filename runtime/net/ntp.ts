/**
 * The virtual network's NTP service. Every server name answers (unless a
 * DNS or NTP fault says otherwise) with a clock that started at
 * `epochAtBootMs` when the device booted, so runs are reproducible.
 */

/** 2021-03-24T00:00:00Z: the era of the firmware this simulator follows. */
export const DEFAULT_NTP_EPOCH_MS = Date.UTC(2021, 2, 24);

/** One NTP exchange, as data for tests. */
export interface NtpQuery {
    readonly server: string;
    /** Device time of the request. */
    readonly time: number;
    /** "answered": done(epoch) was called; "failed": done(undefined); "unanswered": never called. */
    outcome: "pending" | "answered" | "failed" | "unanswered";
    /** The epoch ms the device was given. */
    epochMs?: number;
    /** Device time the answer reached the device. */
    answeredAt?: number;
}

/** The real-world time the virtual NTP servers report. */
export class VirtualNtpClock {
    /** Epoch ms at device time 0. */
    epochAtBootMs: number;
    /** Extra ms added to every answer's time (a server whose clock is off). */
    offsetMs = 0;

    constructor(epochAtBootMs = DEFAULT_NTP_EPOCH_MS) {
        this.epochAtBootMs = epochAtBootMs;
    }

    /** The time a server reports at device time `deviceMs`. */
    epochAt(deviceMs: number): number {
        return this.epochAtBootMs + deviceMs + this.offsetMs;
    }
}
