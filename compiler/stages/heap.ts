import { setMaxListeners } from "node:events";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type ts from "typescript";
import type { BoardProfile, LuaForm } from "../../image/boards.js";
import { dumpLua32 } from "../../image/lua-dump.js";
import { imageName } from "../../image/pack.js";
import { measureBootHeap, type BootHeap } from "../../runtime/boot-heap.js";
import { heapModelForBoard } from "../../runtime/memory.js";
import { bootFailed, heapNotMeasured, heapOverBudget, heapOverBudgetAllowed, notSimulatedCall } from "../diagnostics.js";
import { FOOTPRINT_INSTALL_HINT, measureFootprint, type Footprint } from "../native-heap.js";

/** Device time that counts as "booted" for the heap step. */
export const HEAP_BOOT_MS = 10_000;

/** The "footprint" entry of build/size.json. */
export interface BuildFootprint {
    /** Estimated on the simulated device in the bytes of the board's 32-bit Lua build. */
    device32: BootHeap & {
        board: string;
        /** The board's `luaHeapBytes` (the figure older builds were checked against). */
        limit: number;
        note: string;
        /** How the image ships Lua, which the boot ran. */
        luaForm: LuaForm;
        /** The pool the boot is predicted to need, and the board's pool it is checked against (2021 boards). */
        poolPrediction?: PoolPrediction & { limit: number };
    };
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
    /** How the image ships Lua: the simulated boot loads the same (bytecode as 32-bit chunks). Default "source". */
    luaForm?: LuaForm;
}

/** Lua files under a folder, relative, with `/`. */
function luaFilesOf(dir: string): string[] {
    return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter(entry => entry.isFile() && entry.name.endsWith(".lua"))
        .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/**
 * The build as the device's script partition holds it: flat image names
 * (`lib/conn.lua` → `lib.conn.lua`, what the firmware's searcher and
 * `loadfile` see), every Lua file as the pack stage ships it (a `.luac`
 * compiled the same way for the bytecode forms), no source maps. A firmware
 * that `loadfile`s a folder path finds nothing there, as on the device.
 */
function imageCopy(luaDir: string, form: LuaForm): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-heap-"));
    for (const entry of fs.readdirSync(luaDir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
        if (!entry.isFile() || entry.name.endsWith(".map") || entry.name.startsWith(".")) continue;
        const rel = path.relative(luaDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
        const data = fs.readFileSync(path.join(luaDir, rel));
        const flat = imageName(rel);
        if (form === "source" || !flat.endsWith(".lua")) fs.writeFileSync(path.join(copy, flat), data);
        else fs.writeFileSync(path.join(copy, `${flat}c`), dumpLua32(data, "@/" + flat, form === "bytecode-lines" ? "keep-lines" : "all"));
    }
    return copy;
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

const FORM_LABEL: Record<LuaForm, string> = { bytecode: "stripped bytecode", "bytecode-lines": "bytecode with line numbers", source: "source" };

/**
 * Heap stage: boots the staged Lua folder on the simulated board (its
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
    const form = options.luaForm ?? "source";
    const bootDir = imageCopy(luaDir, form);
    try {
        return await measureHeapOf(luaDir, bootDir, form, options);
    } finally {
        fs.rmSync(bootDir, { recursive: true, force: true });
    }
}

async function measureHeapOf(luaDir: string, bootDir: string, form: LuaForm, options: HeapStepOptions): Promise<HeapStepResult> {
    const { board } = options;
    const model = heapModelForBoard(board);
    const native = new AbortController();
    // One listener per interpreter run (a run per module).
    setMaxListeners(0, native.signal);
    // When the device run fails, the native one is not worth waiting for.
    // The board's own 2021 firmware (the Air302's opens adc, pm... and has no wlan); a board of
    // today's generation measured here (its number widths with the 2021 layer) boots the Air640W's.
    const firmwareBoard = board.generation === "2021" ? board.name : undefined;
    const devicePromise = measureBootHeap(bootDir, { model, bootMs: HEAP_BOOT_MS, cwd: options.cwd, board: firmwareBoard }).then(
        async heap => {
            if (heap.afterBootBytes !== undefined) return heap;
            native.abort();
            // The image's chunks have no source maps beside them (and stripped ones no lines): the same boot of the build folder says where, mapped to TypeScript.
            const fromSource = await measureBootHeap(luaDir, { model, bootMs: HEAP_BOOT_MS, cwd: options.cwd, board: firmwareBoard });
            return fromSource.afterBootBytes === undefined ? { ...heap, problems: fromSource.problems } : heap;
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
            luaForm: form,
        },
        native64: nativeFootprint ?? { skipped: options.lua === false ? "not asked for" : `lua5.3 not found; install with: ${FOOTPRINT_INSTALL_HINT}` },
    };
    const diagnostics: ts.Diagnostic[] = [];
    const lines: string[] = [];
    const estimate = device.afterBootBytes;
    if (estimate === undefined) {
        const problem = device.problems?.[0] ?? "the firmware stopped";
        const api = notSimulatedCall(problem);
        diagnostics.push(api === undefined ? bootFailed(seconds, problem) : heapNotMeasured(seconds, api));
        return { footprint, diagnostics, lines };
    }
    lines.push(`Lua heap after boot (${board.name}, ${model.name} estimate, ${FORM_LABEL[form]}): ${kb(estimate)}`);
    const nativeLine =
        nativeFootprint === undefined
            ? `not measured (${options.lua === false ? "not asked for" : `lua5.3 not found; install with: ${FOOTPRINT_INSTALL_HINT}`})`
            : nativeFootprint.afterBootBytes === undefined
              ? `not measured (${nativeFootprint.problems?.[0] ?? "no figure"})`
              : `${kb(nativeFootprint.afterBootBytes)} (an upper bound)`;
    lines.push(`Lua heap after boot on native lua5.3 (64-bit): ${nativeLine}`);
    const nativeNote = nativeFootprint?.afterBootBytes === undefined ? "" : `; native 64-bit lua5.3 measured ${kb(nativeFootprint.afterBootBytes)}`;
    let over: string | undefined;
    if (board.luaPoolBytes !== undefined) {
        const largestSource = form === "source" ? Math.max(0, ...luaFilesOf(luaDir).map(file => fs.statSync(path.join(luaDir, file)).size)) : 0;
        const prediction = predictPool(device, largestSource);
        footprint.device32.poolPrediction = { ...prediction, limit: board.luaPoolBytes };
        const parts = `interpreter ${kb(prediction.baseBytes)} + firmware ${kb(prediction.liveBytes)} + headroom ${kb(prediction.headroomBytes)}` + (prediction.loadBytes > 0 ? ` + compiling source ${kb(prediction.loadBytes)}` : "");
        lines.push(`Lua pool needed to boot (${board.name}, predicted): ${kb(prediction.bytes)} of ${kb(board.luaPoolBytes)} (${parts})`);
        if (prediction.bytes > board.luaPoolBytes) {
            over =
                `the firmware needs an estimated ${kb(prediction.bytes)} (${prediction.bytes} bytes) of Lua pool to boot (${parts}; ${FORM_LABEL[form]}; ${model.name} model on the simulated device${nativeNote}), ` +
                `more than the ${kb(board.luaPoolBytes)} (${board.luaPoolBytes} bytes) Lua pool of ${board.name}; ` +
                (form === "source" ? "ship bytecode (drop --source), " : "") +
                "load fewer modules or keep less data (what the heap holds, by kind: build/size.json)";
        }
    } else if (estimate > board.luaHeapBytes) {
        over =
            `the firmware holds an estimated ${kb(estimate)} (${estimate} bytes) of Lua heap after ${seconds} s of boot (${model.name} model on the simulated device${nativeNote}), ` +
            `more than the ${kb(board.luaHeapBytes)} (${board.luaHeapBytes} bytes) Lua heap of ${board.name}; load fewer modules or keep less data (what the heap holds, by kind: build/size.json)`;
    }
    if (over !== undefined) diagnostics.push(options.heapBudget ? heapOverBudget(`${over}, or pass --no-heap-budget to build anyway`) : heapOverBudgetAllowed(`${over} (--no-heap-budget: not failing)`));
    return { footprint, diagnostics, lines };
}

/**
 * Bytes of the 2021 firmware's Lua pool in use before main.lua runs
 * (interpreter, libraries, C modules, bget headers included): the second
 * figure of the `luavm` line luat_main.c prints at boot, measured on the
 * 2021 firmware's code (luatos2021, 32-bit): 10136.
 */
export const FIRMWARE_2021_BASE_POOL_BYTES = 10_136;

/** What the predicted pool peak is made of. */
export interface PoolPrediction {
    /** The whole prediction, compared with the board's pool. */
    bytes: number;
    /** The firmware's interpreter before main.lua ({@link FIRMWARE_2021_BASE_POOL_BYTES}). */
    baseBytes: number;
    /** What the firmware holds after boot, with bget's block headers and rounding. */
    liveBytes: number;
    /** Headroom a boot needs above that: temporaries, C-side objects, fragmentation ({@link POOL_PEAK_SHARE}). */
    headroomBytes: number;
    /** The parser's transients while the largest source module compiles (0 for bytecode). */
    loadBytes: number;
}

/**
 * Share of the live pool figure a boot needs on top of it. Calibrated on
 * luatos2021 (`npx tsx bench/heap-calibration.ts`, docs/heap.md): the
 * largest gap was the reference firmware's, 24% (library state the device
 * allocates once the firmware uses it, the temporaries of its first
 * seconds); 0.35 keeps a margin above it.
 */
export const POOL_PEAK_SHARE = 0.35;
/** Parser transients of compiling a source module on the device: a fixed part ... */
export const SOURCE_LOAD_FIXED_BYTES = 1536;
/** ... and a part per byte of the largest source module (calibrated with the family's one-module firmware). */
export const SOURCE_LOAD_PER_BYTE = 0.65;

/**
 * Predicts the pool a 2021 firmware needs to boot, from its simulated boot
 * (`heap.pool`) and the size of the largest module the device compiles from
 * source (0 when the image ships bytecode).
 */
export function predictPool(heap: BootHeap, largestSourceModuleBytes = 0): PoolPrediction {
    const liveBytes = heap.pool?.afterBootBytes ?? 0;
    const headroomBytes = Math.ceil(liveBytes * POOL_PEAK_SHARE);
    const loadBytes = largestSourceModuleBytes > 0 ? Math.ceil(SOURCE_LOAD_FIXED_BYTES + SOURCE_LOAD_PER_BYTE * largestSourceModuleBytes) : 0;
    const baseBytes = FIRMWARE_2021_BASE_POOL_BYTES;
    return { bytes: baseBytes + liveBytes + headroomBytes + loadBytes, baseBytes, liveBytes, headroomBytes, loadBytes };
}
