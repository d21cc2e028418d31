import { describe, expect, it } from "vitest";
import { Prng } from "../../runtime/net/prng.js";

const draws = (prng: Prng, n: number) => Array.from({ length: n }, () => prng.nextUint32());

describe("Prng", () => {
    it("repeats its sequence for the same seed and label", () => {
        expect(draws(new Prng(42, "loss"), 50)).toEqual(draws(new Prng(42, "loss"), 50));
    });

    it("gives different sequences for different seeds and labels", () => {
        const base = draws(new Prng(42, "loss"), 20);
        expect(draws(new Prng(43, "loss"), 20)).not.toEqual(base);
        expect(draws(new Prng(42, "jitter"), 20)).not.toEqual(base);
    });

    it("draws next() in [0, 1) with a roughly uniform mean", () => {
        const prng = new Prng(7);
        let sum = 0;
        for (let i = 0; i < 20_000; i++) {
            const x = prng.next();
            expect(x >= 0 && x < 1).toBe(true);
            sum += x;
        }
        expect(sum / 20_000).toBeGreaterThan(0.48);
        expect(sum / 20_000).toBeLessThan(0.52);
    });

    it("chance(p) hits about p of the time and does not draw for 0 or 1", () => {
        const prng = new Prng(3);
        let hits = 0;
        for (let i = 0; i < 20_000; i++) if (prng.chance(0.25)) hits++;
        expect(hits / 20_000).toBeGreaterThan(0.23);
        expect(hits / 20_000).toBeLessThan(0.27);

        const a = new Prng(9);
        const b = new Prng(9);
        expect(a.chance(0)).toBe(false);
        expect(a.chance(1)).toBe(true);
        expect(a.upTo(0)).toBe(0);
        expect(a.nextUint32()).toBe(b.nextUint32());
    });

    it("upTo(max) draws whole numbers from 0 to max", () => {
        const prng = new Prng(5);
        const seen = new Set<number>();
        for (let i = 0; i < 500; i++) seen.add(prng.upTo(3));
        expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    });

    it("int(n) stays in range and reaches every value", () => {
        const prng = new Prng(11);
        const seen = new Set<number>();
        for (let i = 0; i < 1000; i++) {
            const v = prng.int(6);
            expect(Number.isInteger(v) && v >= 0 && v < 6).toBe(true);
            seen.add(v);
        }
        expect(seen.size).toBe(6);
    });
});
