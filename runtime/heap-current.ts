/**
 * The Lua heap of today's LuatOS firmware (the current generation), as its
 * own figures say it: `collectgarbage("count")` (what Lua asked its
 * allocator for) and `rtos.meminfo()` used (what the bget pool handed out,
 * headers and rounding included).
 *
 * The objects a firmware creates are charged by the walk of memory.ts with
 * the firmware's C types: LUA_32BITS numbers and the pointer width of the
 * machine the VM runs on (8 bytes on the PC build, 4 on the modules). What
 * the firmware holds before main.lua runs (its C libraries, most of them
 * read-only rotables, and the embedded sys/sysplus loaded from source) is
 * not the simulator's (C modules in TypeScript, the toolkit's own sys), so
 * the simulator's heap at the same moment is measured and replaced by the
 * firmware's, read from the firmware itself (image/boards.ts `luaVm`).
 * docs/heap.md has the comparison with the PC build.
 */
import type { LuaVmProfile } from "../image/boards.js";
import { heapModel, stringTableBytes, type HeapEstimate, type HeapModel } from "./memory.js";

/**
 * bget (lua/src/bget.c): requests of at least `SizeQ` (its free-list links,
 * two pointers), rounded to `SizeQuant` 8, behind a `struct bhead` of two
 * `long`s. Not modelled: a free block whose remainder would be too small to
 * split is handed out whole (a few % more on the PC build, docs/heap.md).
 */
export function bgetAllocator(pointerBytes: 4 | 8): NonNullable<HeapModel["allocator"]> {
    return { name: "bget", header: 2 * pointerBytes, quantum: 8, minimum: 2 * pointerBytes };
}

/** The size model of a current-generation board's VM: its number widths, its pointer width, its bget pool. */
export function currentHeapModel(board: { integerBytes: 4 | 8; numberBytes: 4 | 8; luaVm: Pick<LuaVmProfile, "pointerBytes"> }): HeapModel {
    const { pointerBytes } = board.luaVm;
    const widths = `int${board.integerBytes * 8}-float${board.numberBytes * 8}-ptr${pointerBytes * 8}`;
    return {
        ...heapModel(`luatos-current-${widths}`, `today's LuatOS VM: Lua 5.3 with ${board.integerBytes * 8}-bit integers, ${board.numberBytes * 8}-bit floats and ${pointerBytes * 8}-bit pointers, on a bget pool`, {
            pointer: pointerBytes,
            luaInteger: board.integerBytes,
            luaNumber: board.numberBytes,
            maxAlign: 8,
        }),
        allocator: bgetAllocator(pointerBytes),
        tableShapes: true,
    };
}

/** The firmware's two heap figures, in bytes. */
export interface HeapFigures {
    /** `collectgarbage("count") * 1024`. */
    luaBytes: number;
    /** `rtos.meminfo()` used: the pool's blocks with their headers. */
    allocatedBytes: number;
}

/**
 * How many short strings the firmware's table holds for the simulated
 * state `estimate`: its boot strings, plus those the script added (the
 * simulator's own boot strings are not the firmware's).
 */
export function firmwareShortStrings(estimate: HeapEstimate, simulatorBase: HeapEstimate, firmwareBase: { shortStrings: number }): number {
    return firmwareBase.shortStrings + estimate.shortStrings - simulatorBase.shortStrings;
}

/**
 * Swaps the simulator's boot heap for the firmware's: `estimate` of the
 * whole simulated state, minus what the simulator held when main.lua was
 * about to run (`simulatorBase`), plus what the firmware holds then
 * (`firmwareBase`). The short-string table is the exception: its size
 * (`stringTableSize` buckets) is the one the firmware's table has reached,
 * which runtime/string-table.ts follows (it doubles as strings are made
 * and halves only at the end of a collection cycle).
 */
export function firmwareFigures(model: HeapModel, estimate: HeapEstimate, simulatorBase: HeapEstimate, firmwareBase: HeapFigures & { shortStrings: number }, stringTableSize: number): HeapFigures {
    // Table sizes are multiples of 8, so the allocator's rounding leaves their difference as it is.
    const table = stringTableSize * model.pointer - stringTableBytes(model, firmwareBase.shortStrings);
    const added = (e: HeapEstimate, bytes: number) => bytes - e.byKind.stringTable;
    return {
        luaBytes: firmwareBase.luaBytes + added(estimate, estimate.bytes) - added(simulatorBase, simulatorBase.bytes) + table,
        allocatedBytes: firmwareBase.allocatedBytes + added(estimate, estimate.allocatedBytes) - added(simulatorBase, simulatorBase.allocatedBytes) + table,
    };
}
