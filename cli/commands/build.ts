import * as fs from "node:fs";
import type { Command } from "commander";
import { build, type BuildResult } from "../../compiler/build.js";
import { watch } from "../../compiler/watch.js";
import { UserError } from "../../common/user-error.js";
import { DEFAULT_BOARD, getBoard } from "../../image/boards.js";
import { measureBootHeap, type BootHeap } from "../../runtime/boot-heap.js";
import { heapModelForBoard } from "../../runtime/memory.js";
import { FOOTPRINT_INSTALL_HINT, measureFootprint, type Footprint } from "../../scripts/footprint.js";
import { runCommand } from "../run-command.js";

interface BuildFlags {
    project?: string;
    quiet?: boolean;
    watch?: boolean;
    board?: string;
    /** False with --no-heap-budget. */
    heapBudget?: boolean;
}

/** Device time that counts as "booted" for the footprint step. */
export const FOOTPRINT_BOOT_MS = 10_000;

/** The "footprint" entry the build adds to build/size.json. */
export interface BuildFootprint {
    /** Estimated on the simulated device in the bytes of the board's 32-bit Lua build. */
    device32: BootHeap & { board: string; limit: number; note: string };
    /** Measured on native lua5.3 (64-bit), or why not. */
    native64: Footprint | { skipped: string };
}

export interface FootprintStepOptions {
    /** Board profile name (its luaHeapBytes is the budget). */
    board: string;
    /** False: report an over-budget heap instead of failing. */
    heapBudget: boolean;
    /** Where the two report lines go. */
    log?: (line: string) => void;
    /** The lua5.3 interpreter for the native measurement (a name in PATH or a path). Default lua5.3. */
    lua?: string;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * After a build: boots it on the simulated device for 10 s of device time
 * and estimates the Lua heap the firmware holds, in the bytes of the
 * board's 32-bit build (base interpreter subtracted); measures the same on
 * native lua5.3 when it is installed. Adds both to build/size.json as
 * "footprint" and throws a UserError when the estimate exceeds the board's
 * Lua heap (unless `heapBudget` is false).
 */
export async function runFootprintStep(result: BuildResult, options: FootprintStepOptions): Promise<BuildFootprint> {
    const board = getBoard(options.board);
    const log = options.log ?? (() => {});
    const luaDir = result.project.outDir;
    const model = heapModelForBoard(board);
    const [device, native] = await Promise.all([
        measureBootHeap(luaDir, { model, bootMs: FOOTPRINT_BOOT_MS }),
        measureFootprint(luaDir, { lua: options.lua, bootMs: FOOTPRINT_BOOT_MS }),
    ]);
    const footprint: BuildFootprint = {
        device32: {
            ...device,
            board: board.name,
            limit: board.luaHeapBytes,
            note: `estimated on the simulated device with the ${model.name} size model (Lua 5.3 struct layouts of a 32-bit build; docs/heap.md), base interpreter subtracted`,
        },
        native64: native ?? { skipped: `lua5.3 not found; install with: ${FOOTPRINT_INSTALL_HINT}` },
    };
    const sizeJson = JSON.parse(fs.readFileSync(result.sizeFile, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(result.sizeFile, JSON.stringify({ ...sizeJson, footprint }, null, 2) + "\n");

    const estimate = device.afterBootBytes;
    const seconds = FOOTPRINT_BOOT_MS / 1000;
    if (estimate === undefined) log(`Lua heap after boot (${board.name}, ${model.name}): not measured, ${device.problems?.[0] ?? "the firmware stopped"}`);
    else log(`Lua heap after boot (${board.name}, ${model.name} estimate): ${kb(estimate)} of ${kb(board.luaHeapBytes)}`);
    const nativeLine = native === undefined ? `not measured (lua5.3 not found; install with: ${FOOTPRINT_INSTALL_HINT})` : native.afterBootBytes === undefined ? `not measured (${native.problems?.[0] ?? "no figure"})` : `${kb(native.afterBootBytes)} (an upper bound)`;
    log(`Lua heap after boot on native lua5.3 (64-bit): ${nativeLine}`);

    if (estimate !== undefined && estimate > board.luaHeapBytes) {
        const nativeNote = native?.afterBootBytes === undefined ? "" : `; native 64-bit lua5.3 measured ${kb(native.afterBootBytes)}`;
        const message =
            `the firmware holds an estimated ${kb(estimate)} (${estimate} bytes) of Lua heap after ${seconds} s of boot (${model.name} model on the simulated device${nativeNote}), ` +
            `more than the ${kb(board.luaHeapBytes)} (${board.luaHeapBytes} bytes) Lua heap of ${board.name}; load fewer modules or keep less data (what the heap holds, by kind: build/size.json), or pass --no-heap-budget to build anyway`;
        if (options.heapBudget) throw new UserError(message);
        log(`warning: ${message.replace(/, or pass --no-heap-budget to build anyway$/, "")} (--no-heap-budget: not failing)`);
    }
    return footprint;
}

/** Runs a watch session until Ctrl-C (SIGINT) or SIGTERM, then exits 0. */
async function watchUntilInterrupted(flags: BuildFlags): Promise<number> {
    const log = (line: string) => console.log(line);
    // Quiet still shows errors and the one-line rebuild reports, not the size table.
    const session = watch({ project: flags.project, board: flags.board, log: flags.quiet === true ? line => (/^\s|^size report/.test(line) ? undefined : log(line)) : log });
    await session.ready;
    await new Promise<void>(resolve => {
        const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
    });
    await session.close();
    console.log("stopped watching");
    return 0;
}

export function registerBuild(program: Command): void {
    program
        .command("build")
        .description("compile the firmware in src/ to Lua 5.3 in build/lua, print the size report and check the Lua heap after boot")
        .option("-p, --project <path>", "TSTL config file or folder (default: tstl.json, then tsconfig.json)")
        .option("-b, --board <name>", `board profile for the script image and the heap budget (air640w, air302, air101, esp32; default ${DEFAULT_BOARD})`)
        .option("--no-heap-budget", "report a Lua heap after boot larger than the board's, instead of failing")
        .option("-w, --watch", "rebuild when src/, lib/ or the config change, reporting what changed (Ctrl-C to stop); skips the heap step")
        .option("-q, --quiet", "print nothing but errors (with --watch: errors and one line per rebuild)")
        .addHelpText(
            "after",
            `
After compiling, the build boots the firmware on the simulated device for
${FOOTPRINT_BOOT_MS / 1000} s of device time (virtual network, no servers) and estimates the Lua heap
it then holds in the bytes of the board's 32-bit Lua build (base interpreter
subtracted; see docs/heap.md). It also measures the same on native lua5.3 when
installed (64-bit: an upper bound). Both go into build/size.json ("footprint").
The build fails when the estimate exceeds the board's Lua heap (air640w: 40 KB)
unless --no-heap-budget is given. Watch mode skips this step.

Exit codes: 0 built (with --watch: stopped with Ctrl-C), 1 the firmware does not
build (type errors, missing main.ts, no config) or its heap after boot exceeds
the board's, 2 bad usage.

Examples:
  luatos-ts build
  luatos-ts build --board air101
  luatos-ts build --no-heap-budget
  luatos-ts build --watch
  luatos-ts build -p firmware/tstl.json`,
        )
        .action((flags: BuildFlags) =>
            runCommand(async () => {
                const board = getBoard(flags.board ?? DEFAULT_BOARD).name;
                if (flags.watch === true) return watchUntilInterrupted({ ...flags, board });
                const log = flags.quiet === true ? undefined : (line: string) => console.log(line);
                const result = build({ project: flags.project, board, log });
                await runFootprintStep(result, { board, heapBudget: flags.heapBudget !== false, log });
                return undefined;
            }),
        );
}

