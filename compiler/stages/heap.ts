import { setMaxListeners } from "node:events";
import type ts from "typescript";
import type { BoardProfile } from "../../image/boards.js";
import { measureBootHeap, type BootHeap } from "../../runtime/boot-heap.js";
import { heapModelForBoard } from "../../runtime/memory.js";
import { bootFailed, heapOverBudget, heapOverBudgetAllowed } from "../diagnostics.js";
import { FOOTPRINT_INSTALL_HINT, measureFootprint, type Footprint } from "../native-heap.js";

/** Device time that counts as "booted" for the heap step. */
export const HEAP_BOOT_MS = 10_000;

/** The "footprint" entry of build/size.json. */
export interface BuildFootprint {
    /** Estimated on the simulated device in the bytes of the board's 32-bit Lua build. */
    device32: BootHeap & { board: string; limit: number; note: string };
    /** Measured on native lua5.3 (64-bit), or why not. */
    native64: Footprint | { skipped: string };
}

export interface HeapStepOptions {
    /** The board (its luaHeapBytes is the budget). */
    board: BoardProfile;
    /** False (`--no-heap-budget`): an over-budget heap is a warning, not an error. */
    heapBudget: boolean;
    /** Folder TypeScript paths in messages are relative to. Default: cwd. */
    cwd?: string;
    /** The lua5.3 interpreter for the native measurement (a name in PATH or a path). Default lua5.3; `false` skips it. */
    lua?: string | false;
}

/** What the heap step found. */
export interface HeapStepResult {
    footprint: BuildFootprint;
    /** LTS2003 (the firmware failed at boot), LTS2004/2005 (over budget). */
    diagnostics: ts.Diagnostic[];
    /** The report lines for the terminal. */
    lines: string[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Heap stage: boots the staged Lua folder on the simulated device (the
 * 2021 firmware's C layer, a virtual network with no servers, the
 * simulator's instruction watchdog) for {@link HEAP_BOOT_MS} of device time
 * and estimates the Lua heap it then holds in the bytes of the board's
 * 32-bit build, base interpreter subtracted; measures the same on native
 * lua5.3 when installed (boot only: the simulated hours of traffic are
 * `npm run footprint`'s), both bounded in time and output. A firmware that
 * crashes or is stopped by the watchdog during boot fails the step with the
 * error mapped to TypeScript (LTS2003); a heap over the board's budget
 * fails it too (LTS2004) unless `heapBudget` is false (LTS2005, a warning).
 *
 * @param luaDir the staged Lua folder (source maps beside the Lua, at the
 *   same depth as build/lua so they lead to the sources).
 */
export async function measureHeap(luaDir: string, options: HeapStepOptions): Promise<HeapStepResult> {
    const { board } = options;
    const model = heapModelForBoard(board);
    const native = new AbortController();
    // One listener per interpreter run (a run per module).
    setMaxListeners(0, native.signal);
    // When the device run fails, the native one is not worth waiting for.
    const devicePromise = measureBootHeap(luaDir, { model, bootMs: HEAP_BOOT_MS, cwd: options.cwd }).then(
        heap => {
            if (heap.afterBootBytes === undefined) native.abort();
            return heap;
        },
        (error: unknown) => {
            native.abort();
            throw error;
        },
    );
    const nativePromise = options.lua === false ? Promise.resolve(undefined) : measureFootprint(luaDir, { lua: options.lua, bootMs: HEAP_BOOT_MS, hours: 0, signal: native.signal });
    const [device, nativeFootprint] = await Promise.all([devicePromise, nativePromise]);
    const seconds = HEAP_BOOT_MS / 1000;
    const footprint: BuildFootprint = {
        device32: {
            ...device,
            board: board.name,
            limit: board.luaHeapBytes,
            note: `estimated on the simulated device with the ${model.name} size model (Lua 5.3 struct layouts of a 32-bit build; docs/heap.md), base interpreter subtracted`,
        },
        native64: nativeFootprint ?? { skipped: options.lua === false ? "not asked for" : `lua5.3 not found; install with: ${FOOTPRINT_INSTALL_HINT}` },
    };
    const diagnostics: ts.Diagnostic[] = [];
    const lines: string[] = [];
    const estimate = device.afterBootBytes;
    if (estimate === undefined) {
        diagnostics.push(bootFailed(seconds, device.problems?.[0] ?? "the firmware stopped"));
        return { footprint, diagnostics, lines };
    }
    lines.push(`Lua heap after boot (${board.name}, ${model.name} estimate): ${kb(estimate)} of ${kb(board.luaHeapBytes)}`);
    const nativeLine =
        nativeFootprint === undefined
            ? `not measured (${options.lua === false ? "not asked for" : `lua5.3 not found; install with: ${FOOTPRINT_INSTALL_HINT}`})`
            : nativeFootprint.afterBootBytes === undefined
              ? `not measured (${nativeFootprint.problems?.[0] ?? "no figure"})`
              : `${kb(nativeFootprint.afterBootBytes)} (an upper bound)`;
    lines.push(`Lua heap after boot on native lua5.3 (64-bit): ${nativeLine}`);
    if (estimate > board.luaHeapBytes) {
        const nativeNote = nativeFootprint?.afterBootBytes === undefined ? "" : `; native 64-bit lua5.3 measured ${kb(nativeFootprint.afterBootBytes)}`;
        const message =
            `the firmware holds an estimated ${kb(estimate)} (${estimate} bytes) of Lua heap after ${seconds} s of boot (${model.name} model on the simulated device${nativeNote}), ` +
            `more than the ${kb(board.luaHeapBytes)} (${board.luaHeapBytes} bytes) Lua heap of ${board.name}; load fewer modules or keep less data (what the heap holds, by kind: build/size.json)`;
        diagnostics.push(options.heapBudget ? heapOverBudget(`${message}, or pass --no-heap-budget to build anyway`) : heapOverBudgetAllowed(`${message} (--no-heap-budget: not failing)`));
    }
    return { footprint, diagnostics, lines };
}
