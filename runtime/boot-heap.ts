/**
 * The Lua heap a build holds after booting on the simulated device, in the
 * bytes of a C Lua 5.3 build (a {@link HeapModel}): the base interpreter
 * (libraries, C modules) is measured first and subtracted, the way the
 * native measurement (scripts/footprint.ts) subtracts its base.
 */
import { lua } from "fengari";
import type { FirmwareContext, FirmwareGeneration } from "./firmware/context.js";
import { DEFAULT_BOARD, firmwareOf, type BoardProfile } from "./board.js";
import { bootDevice } from "./device.js";
import { resolveBoard } from "./device-options.js";
import { BGET_2021, estimateHeapDetail, LUA53_32BIT, withAllocator, type HeapBreakdown, type HeapModel } from "./memory.js";

export interface BootHeapOptions {
    /** Object sizes to charge. Default {@link LUA53_32BIT}. */
    model?: HeapModel;
    /** Device time that counts as "booted". Default 10 s, like the native measurement. */
    bootMs?: number;
    /** Folder TypeScript paths in error messages are relative to. Default: cwd. */
    cwd?: string;
    /** The board booted, with its own firmware (the Air302's modules, not the Air640W's). Default: the Air640W. */
    board?: string | BoardProfile;
}

/** Heap figures of one simulated boot, in bytes of the model. */
export interface BootHeap {
    /** The model's name. */
    model: string;
    /** The fresh state before main.lua runs: libraries, C modules, the device's main thread. */
    baseBytes: number;
    /** Heap after `bootMs` of device time, base subtracted; missing when the firmware crashed. */
    afterBootBytes?: number;
    /** What the firmware added by kind of object (after boot minus base). */
    byKind?: HeapBreakdown;
    /**
     * The whole short-string table after boot (not base-subtracted). It
     * doubles when full, so it is the coarsest part of the estimate: one
     * doubling (half of this) depends on how many strings the base held.
     */
    stringTableBytes?: number;
    /**
     * The same two figures with the 2021 firmware's allocator counted (bget:
     * an 8-byte header per block, blocks rounded to 8 bytes): what the
     * firmware's data takes of the pool. Missing when the firmware crashed.
     */
    pool?: { baseBytes: number; afterBootBytes: number; blocks: number };
    /** Device time simulated. */
    bootMs: number;
    /** Crashes and watchdog stops during boot (TypeScript locations when the maps know them). */
    problems?: string[];
}

/**
 * Boots `luaDir` on the simulated board (its 2021 firmware by default the
 * Air640W's, a virtual network with no servers, no firmware log lines) for
 * `bootMs` of device time and estimates its heap before and after. A firmware that
 * crashes during boot has no after-boot figure and says why in `problems`.
 * Throws UserError for a folder that is not a build (no main.lua, syntax errors).
 */
export async function measureBootHeap(luaDir: string, options: BootHeapOptions = {}): Promise<BootHeap> {
    const model = options.model ?? LUA53_32BIT;
    const bootMs = options.bootMs ?? 10_000;
    let ctx: FirmwareContext | undefined;
    const board = resolveBoard(options.board ?? DEFAULT_BOARD);
    const firmware = firmwareOf(board);
    // The device does not hand out its Lua state; the firmware's install step sees it. main.lua is
    // loaded by the device's default boot (not the firmware's boot chunk), so the base can leave its chunk out.
    const generation: FirmwareGeneration = {
        name: firmware.name,
        install(context) {
            ctx = context;
            firmware.install(context);
        },
    };
    const device = bootDevice({
        board,
        buildDir: luaDir,
        network: "virtual",
        firmwareLogs: false,
        generation,
        rebootOnCrash: false,
        // Measure what the firmware holds, however much: the device's heap bound would stop it before the figure.
        heapLimit: false,
        cwd: options.cwd,
    });
    try {
        const context = ctx!;
        // main.lua is loaded (not run) on the main thread's stack: leave its chunk out of the base.
        const main = context.mainThread;
        const chunk = lua.lua_gettop(main) > 0 && lua.lua_isfunction(main, -1) ? (lua.lua_topointer(main, -1) as object) : undefined;
        const exclude = chunk === undefined ? [] : [chunk];
        const base = estimateHeapDetail(context.L, model, { exclude });
        const poolModel = withAllocator(model, BGET_2021);
        const poolBase = estimateHeapDetail(context.L, poolModel, { exclude });
        await device.run(bootMs, { stopOnCrash: true });
        const result: BootHeap = { model: model.name, baseBytes: base.bytes, bootMs };
        const problems = device.errors.map(e => e.message);
        if (context.alive()) {
            const after = estimateHeapDetail(context.L, model);
            result.afterBootBytes = after.bytes - base.bytes;
            const added = { ...after.byKind };
            for (const kind of Object.keys(added) as (keyof HeapBreakdown)[]) added[kind] -= base.byKind[kind];
            result.byKind = added;
            result.stringTableBytes = after.byKind.stringTable;
            const poolAfter = estimateHeapDetail(context.L, poolModel);
            result.pool = { baseBytes: poolBase.bytes, afterBootBytes: poolAfter.bytes - poolBase.bytes, blocks: poolAfter.blocks - poolBase.blocks };
        } else if (problems.length === 0) problems.push("the firmware stopped during boot");
        if (problems.length > 0) result.problems = problems;
        return result;
    } finally {
        device.dispose();
    }
}
