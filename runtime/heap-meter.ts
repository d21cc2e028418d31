/**
 * The device's Lua heap figure and its bound. A figure is a walk of the
 * whole state (memory.ts), which costs about as much as a few hundred Lua
 * instructions per kilobyte, so the meter remembers the last one and walks
 * again only when Lua has run since then: `rtos.meminfo()` twice in a row
 * gives the same figure without a second walk. The bound is checked at
 * points where a firmware allocates (each `rtos.receive`, and every few
 * thousand instructions from the count hook), at most once per
 * {@link HEAP_CHECK_INSTRUCTIONS} of Lua work, so a firmware that never
 * comes near the bound pays for a walk rarely.
 */
import { estimateHeap, type HeapModel } from "./memory.js";
import type { LuaState } from "./lua.js";

/** Lua work (in instructions) between two checks of the bound. */
export const HEAP_CHECK_INSTRUCTIONS = 20_000;
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
        if (this.limit === undefined || this.work - this.walkedAt < HEAP_CHECK_INSTRUCTIONS) return false;
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
