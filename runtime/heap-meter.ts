/**
 * The device's Lua heap figure and its bound. A figure is a walk of the
 * whole state (memory.ts), which costs about as much as a few hundred Lua
 * instructions per kilobyte, so the meter remembers the last one and walks
 * again only when Lua has run since then: `rtos.meminfo()` twice in a row
 * gives the same figure without a second walk. The bound is checked at
 * points where a firmware allocates (each `rtos.receive`, and every
 * thousand instructions from the count hook), but walks for it only after
 * enough Lua work since the last figure: half an instruction per byte of
 * headroom left, between {@link MIN_CHECK_INSTRUCTIONS} and
 * {@link MAX_CHECK_INSTRUCTIONS}. A firmware far below the bound pays for a
 * walk rarely; one creeping towards it is measured every few turns.
 */
import { estimateHeap, type HeapModel } from "./memory.js";
import type { LuaState } from "./lua.js";

/** Least Lua work (in instructions) between two walks for the bound (close to it). */
export const MIN_CHECK_INSTRUCTIONS = 1_000;
/** Most Lua work between two walks for the bound (far from it). */
export const MAX_CHECK_INSTRUCTIONS = 50_000;
/** Work charged for a turn (one `rtos.receive`) however few instructions it ran: it always touches the heap. */
export const TURN_WORK = 100;

/** The heap estimate of one booted VM, cached between walks. */
export class HeapMeter {
    /** Estimated bytes at the last walk. */
    private bytes = 0;
    /** Largest figure of this VM (meminfo's third value). */
    maxBytes = 0;
    /** Walks done (for tests and benchmarks). */
    walks = 0;
    /** Lua work counted so far, in instructions (coarse: hook steps and turns). */
    private work = 0;
    private walkedAt = -1;

    /**
     * @param limit bytes past which {@link overLimit} reports; undefined: no bound.
     * @param onFigure called with every new figure (the device's high-water mark).
     */
    constructor(
        private readonly L: LuaState,
        private readonly model: HeapModel,
        readonly limit: number | undefined,
        private readonly onFigure: (bytes: number) => void,
    ) {}

    /** Counts Lua work (instructions, or {@link TURN_WORK} for a turn). */
    ran(instructions: number): void {
        this.work += instructions;
    }

    /** The estimate now: the cached figure when Lua has not run since the last walk. */
    used(): number {
        if (this.walkedAt !== this.work) this.walk();
        return this.bytes;
    }

    /**
     * Whether the heap is past the bound, measured afresh when enough work
     * was done since the last walk (otherwise false: no new evidence).
     */
    overLimit(): boolean {
        if (this.limit === undefined) return false;
        const interval = Math.min(MAX_CHECK_INSTRUCTIONS, Math.max(MIN_CHECK_INSTRUCTIONS, (this.limit - this.bytes) / 2));
        if (this.work - this.walkedAt < interval) return false;
        this.walk();
        return this.bytes > this.limit;
    }

    private walk(): void {
        this.bytes = estimateHeap(this.L, this.model);
        this.walkedAt = this.work;
        this.walks += 1;
        if (this.bytes > this.maxBytes) this.maxBytes = this.bytes;
        this.onFigure(this.bytes);
    }
}
