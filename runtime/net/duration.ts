/**
 * Durations in scenario files: "1500ms", "10s", "5m", "24h", "1d", also
 * "1m30s" and fractions ("1.5s"); a plain number counts milliseconds.
 * Kept inside the network folder so scenarios do not depend on the
 * simulator's own parser.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/** Milliseconds for `value`, or undefined when it is not a duration. */
export function parseDurationMs(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
    if (typeof value !== "string") return undefined;
    const text = value.trim();
    if (text === "") return undefined;
    if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
    let total = 0;
    PART.lastIndex = 0;
    while (PART.lastIndex < text.length) {
        const match = PART.exec(text);
        if (!match) return undefined;
        total += Number(match[1]) * UNIT_MS[match[2]];
    }
    return Math.round(total);
}
