/**
 * A small seeded pseudo-random source. Everything random in the virtual
 * network (jitter, UDP loss, fault probabilities) draws from one of these,
 * so the same seed and the same calls give the same schedule. Not for
 * cryptography.
 */
export class Prng {
    private state: number;

    /** `seed` is any number; its integer part and its label pick the sequence. */
    constructor(seed: number, label = "") {
        this.state = mix(hashLabel(label) ^ (Math.trunc(seed) | 0) ^ Math.trunc(seed / 0x1_0000_0000));
    }

    /** A 32-bit unsigned integer. */
    nextUint32(): number {
        // Weyl sequence stepped through an integer mixer: every state is used once per 2^32 draws.
        this.state = (this.state + 0x9e3779b9) | 0;
        return mix(this.state) >>> 0;
    }

    /** A number in [0, 1). */
    next(): number {
        return this.nextUint32() / 0x1_0000_0000;
    }

    /** An integer in [0, n) for n >= 1. */
    int(n: number): number {
        return Math.floor(this.next() * n);
    }

    /** True with probability `p` (0 never draws, so it is free; 1 always true). */
    chance(p: number): boolean {
        if (p <= 0) return false;
        if (p >= 1) return true;
        return this.next() < p;
    }

    /** A whole number in [0, floor(max)]; 0 when that is the only choice (without drawing). */
    upTo(max: number): number {
        const top = Math.floor(max);
        if (top <= 0) return 0;
        return this.int(top + 1);
    }
}

/** A 32-bit avalanche mixer (every input bit affects every output bit). */
function mix(x: number): number {
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return (x ^ (x >>> 16)) | 0;
}

/** FNV-1a over the label's UTF-16 code units: independent streams per purpose. */
function hashLabel(label: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return h | 0;
}
