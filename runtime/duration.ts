import { UserError } from "../common/user-error.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a device-time duration such as "1500ms", "10s", "5m", "24h" or
 * "1.5h" into milliseconds. Throws {@link UserError} for anything else.
 */
export function parseDuration(text: string): number {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
    if (match === null) {
        throw new UserError(`malformed duration "${text}": write a number and a unit, like 1500ms, 10s, 5m or 24h`);
    }
    const ms = Math.round(Number(match[1]) * UNITS[match[2]!]!);
    if (!Number.isFinite(ms)) throw new UserError(`duration "${text}" is too large`);
    return ms;
}

/** Formats milliseconds the way {@link parseDuration} reads them (largest exact unit). */
export function formatDuration(ms: number): string {
    for (const unit of ["d", "h", "m", "s"]) {
        const size = UNITS[unit]!;
        if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
    }
    return `${ms}ms`;
}
