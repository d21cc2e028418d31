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
 * walk rarely; one creeping towards it is measured every few turns. On a
 * board whose firmware figures are today's (after {@link HeapMeter.rebase}),
 * the end of each collection cycle is a walk too: the string table keeps
 * what it finds live (string-table.ts).
 */
import { firmwareFigures, firmwareShortStrings, type HeapFigures } from "./heap-current.js";
import { estimateHeapDetail, type HeapEstimate, type HeapModel } from "./memory.js";
import type { LuaState } from "./lua.js";
import { StringTable } from "./string-table.js";

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
    /** The allocator's figure at the last walk (headers and rounding; `bytes` when the model has no allocator). */
    private allocatedBytes = 0;
    /** Largest figure of this VM. */
    maxBytes = 0;
    /** Largest allocator figure of this VM (meminfo's third value). */
    maxAllocated = 0;
    /** The simulator's heap when main.lua was about to run, and the firmware's then: see {@link rebase}. */
    private base: { simulator: HeapEstimate; firmware: HeapFigures & { shortStrings: number } } | undefined;
    /** The firmware's short-string table, followed from {@link rebase} on. */
    private strings: StringTable | undefined;
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

    /**
     * From now on, report the firmware's boot heap instead of the
     * simulator's: what the state holds now (the simulator's libraries and
     * sys) is replaced by `firmware` in every figure (heap-current.ts).
     */
    rebase(firmware: HeapFigures & { shortStrings: number; peakAllocatedBytes?: number }): void {
        const simulator = estimateHeapDetail(this.L, this.model);
        this.base = { simulator, firmware };
        // The maximum so far is the firmware's too: its boot peaked while compiling sys.
        this.maxAllocated = firmware.peakAllocatedBytes ?? firmware.allocatedBytes;
        const { model } = this;
        this.strings = new StringTable(model.maxShortString, length => model.stringHeader + length + 1, {
            size: StringTable.sizeFor(firmware.shortStrings),
            count: firmware.shortStrings,
            contents: simulator.shortStringContents,
            heapBytes: firmware.luaBytes,
        });
        this.walkedAt = -1;
    }

    /** Runs Lua code of this VM (`fn`): the strings it makes go into the VM's string table. */
    running<T>(fn: () => T): T {
        return this.strings === undefined ? fn() : this.strings.during(fn);
    }

    /** Counts Lua work (instructions, or {@link TURN_WORK} for a turn); ends a collection cycle when one is due. */
    ran(instructions: number): void {
        this.work += instructions;
        if (this.strings === undefined) return;
        this.strings.ran();
        if (this.strings.cycleDue) this.walk("cycle");
    }

    /** `collectgarbage("collect")`: a full collect, measured now. */
    collected(): void {
        this.work += TURN_WORK;
        // Without a string table to follow, the next figure is simply taken afresh when asked for.
        if (this.strings !== undefined) this.walk("full collect");
    }

    /** The estimate now (`collectgarbage("count")` in bytes): the cached figure when Lua has not run since the last walk. */
    used(): number {
        if (this.walkedAt !== this.work) this.walk();
        return this.bytes;
    }

    /** The allocator's figure now (`rtos.meminfo()` used): {@link used} plus block headers and rounding. */
    allocated(): number {
        if (this.walkedAt !== this.work) this.walk();
        return this.allocatedBytes;
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

    /** Measures the heap; at the end of the collector's own cycle or of a full collect, that sweep first. */
    private walk(after?: "cycle" | "full collect"): void {
        const estimate = estimateHeapDetail(this.L, this.model);
        if (this.base === undefined || this.strings === undefined) {
            this.bytes = estimate.bytes;
            this.allocatedBytes = estimate.allocatedBytes;
        } else {
            const { simulator, firmware } = this.base;
            if (after !== undefined) {
                const heapBytes = firmwareFigures(this.model, estimate, simulator, firmware, this.strings.size).luaBytes;
                const live = { contents: estimate.shortStringContents, count: firmwareShortStrings(estimate, simulator, firmware), heapBytes };
                if (after === "cycle") this.strings.cycleEnded(live);
                else this.strings.fullCollect(live);
            }
            const figures = firmwareFigures(this.model, estimate, simulator, firmware, this.strings.size);
            this.bytes = figures.luaBytes;
            this.allocatedBytes = figures.allocatedBytes;
        }
        this.walkedAt = this.work;
        this.walks += 1;
        if (this.bytes > this.maxBytes) this.maxBytes = this.bytes;
        if (this.allocatedBytes > this.maxAllocated) this.maxAllocated = this.allocatedBytes;
        this.onFigure(this.bytes);
    }
}
