/**
 * Reconnect delays: exponential with a cap, and jitter so that many devices
 * that lost the same server do not come back in step.
 *
 * The delay for attempt n (0-based) is drawn from [d/2, d] where
 * d = min(cap, base * 2^n).
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number): number {
    const exponent = attempt < 16 ? attempt : 16;
    let ceiling = baseMs * (1 << exponent);
    if (ceiling > capMs) ceiling = capMs;
    const floor = math.floor(ceiling / 2);
    return math.random(floor, ceiling);
}
