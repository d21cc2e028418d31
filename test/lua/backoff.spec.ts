/**
 * src/lib/backoff.ts on native Lua 5.3: delays drawn from [d/2, d] with
 * d = min(cap, base * 2^attempt).
 */
import { backoffDelay } from "../../src/lib/backoff";

/** Lowest and highest of `n` draws for one attempt, and how many distinct values came. */
function draws(this: void, attempt: number, base: number, cap: number, n = 300): LuaMultiReturn<[number, number, number]> {
    let low = math.huge;
    let high = -math.huge;
    const distinct: Record<number, boolean> = {};
    let count = 0;
    for (let i = 0; i < n; i++) {
        const d = backoffDelay(attempt, base, cap);
        assert.are.equal("integer", math.type(d));
        if (d < low) low = d;
        if (d > high) high = d;
        if (distinct[d] === undefined) {
            distinct[d] = true;
            count++;
        }
    }
    return $multi(low, high, count);
}

describe("backoff", () => {
    before_each(() => math.randomseed(1234));

    it("draws the first delay from [base/2, base]", () => {
        const [low, high] = draws(0, 1000, 60_000);
        assert.is_true(low >= 500 && high <= 1000, `${low}..${high}`);
    });

    it("doubles the range with every attempt", () => {
        for (let attempt = 0; attempt <= 5; attempt++) {
            const ceiling = 1000 * 2 ** attempt;
            const [low, high] = draws(attempt, 1000, 1_000_000);
            assert.is_true(low >= ceiling / 2 && high <= ceiling, `attempt ${attempt}: ${low}..${high}`);
            // The range is really used: both halves get drawn.
            assert.is_true(low < (ceiling * 3) / 4 && high > (ceiling * 3) / 4, `attempt ${attempt}: ${low}..${high}`);
        }
    });

    it("is capped", () => {
        const [low, high] = draws(10, 1000, 60_000);
        assert.is_true(low >= 30_000 && high <= 60_000, `${low}..${high}`);
        const [low2, high2] = draws(3, 100_000, 60_000);
        assert.is_true(low2 >= 30_000 && high2 <= 60_000, `${low2}..${high2}`);
    });

    it("stays capped and integral for huge attempt numbers (no shift overflow)", () => {
        for (const attempt of [16, 17, 31, 32, 63, 64, 1000]) {
            const [low, high] = draws(attempt, 1000, 60_000, 50);
            assert.is_true(low >= 30_000 && high <= 60_000, `attempt ${attempt}: ${low}..${high}`);
        }
    });

    it("jitters: repeated draws differ", () => {
        const [, , distinct] = draws(4, 1000, 60_000, 50);
        assert.is_true(distinct > 10, `only ${distinct} distinct delays`);
    });
});
