import type { Command } from "commander";
import { ExitCode } from "../../common/exit-codes.js";
import { buildFirmware } from "../../compiler/pipeline.js";
import { HEAP_BOOT_MS } from "../../compiler/stages/heap.js";
import { watch } from "../../compiler/watch.js";
import { UserError } from "../../common/user-error.js";
import { BOARD_NAMES, DEFAULT_BOARD, getBoard, type LuaForm } from "../../image/boards.js";
import { runCommand } from "../run-command.js";

interface BuildFlags {
    project?: string;
    quiet?: boolean;
    watch?: boolean;
    board?: string;
    /** False with --no-heap-budget. */
    heapBudget?: boolean;
    /** --source: ship plain .lua. */
    source?: boolean;
    /** --keep-lines: bytecode with line numbers. */
    keepLines?: boolean;
}

/** The Lua form the flags ask for; undefined: the board's default. */
function luaFormOf(flags: BuildFlags): LuaForm | undefined {
    if (flags.source === true && flags.keepLines === true) throw new UserError("--source and --keep-lines exclude each other: --keep-lines ships bytecode");
    if (flags.source === true) return "source";
    if (flags.keepLines === true) return "bytecode-lines";
    return undefined;
}

/** Runs a watch session until Ctrl-C (SIGINT) or SIGTERM, then exits 0. */
async function watchUntilInterrupted(flags: BuildFlags): Promise<number> {
    const log = (line: string) => console.log(line);
    // Quiet still shows errors and the one-line rebuild reports, not the size table.
    const session = watch({ project: flags.project, board: flags.board, log, sizeReport: flags.quiet !== true });
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
    return ExitCode.Ok;
}

export function registerBuild(program: Command): void {
    program
        .command("build")
        .description("compile the firmware in src/ to Lua 5.3 in build/lua, print the size report and check the Lua heap after boot")
        .option("-p, --project <path>", "TSTL config file or folder (default: tstl.json, then tsconfig.json)")
        .option("-b, --board <name>", `board profile for the script image, its firmware generation and the heap budget (${BOARD_NAMES.join(", ")}; default ${DEFAULT_BOARD})`)
        .option("--no-heap-budget", "report a Lua heap after boot larger than the board's, instead of failing")
        .option("--source", "ship plain .lua in the image (compiled on the device) instead of the 2021 boards' default stripped 32-bit bytecode")
        .option("--keep-lines", "ship 32-bit bytecode that keeps source names and line numbers (device errors read main.lua:5:), at a heap cost")
        .option("-w, --watch", "rebuild when src/, lib/ or the config change, reporting what changed (Ctrl-C to stop); skips the heap step")
        .option("-q, --quiet", "print nothing but errors (with --watch: errors and one line per rebuild)")
        .addHelpText(
            "after",
            `
After compiling, the build boots the firmware on the simulated device for
${HEAP_BOOT_MS / 1000} s of device time (virtual network, no servers) and estimates the Lua heap
it then holds in the bytes of the board's 32-bit Lua build (base interpreter
subtracted; see docs/heap.md). It also measures the same on native lua5.3 when
installed (64-bit: an upper bound). Both go into build/size.json ("footprint").
On air640w and air302 it predicts the Lua pool the firmware needs to boot
(interpreter, live heap with allocator headers, headroom; calibrated on the
2021 firmware's code) and fails when it exceeds the board's pool (air640w:
64 KB) unless --no-heap-budget is given; other boards compare the live heap
with their Lua heap. Watch mode skips this step, and so do boards of the
current generation (pc, air780epm, ...: the step boots the 2021 firmware).

On air640w and air302 the image ships stripped 32-bit bytecode (main.luac,
...): no parser memory at boot, no debug information, but device errors
carry no file or line. --keep-lines keeps names and lines, --source ships
plain .lua as before.

The board's generation decides what the image carries: 2021 boards get the
toolkit's sys.lua (unless the app brings one); current boards have sys built
in, and get the toolkit's libnet.lua / netclient-compat.lua when the firmware
requires them (docs/boards.md).

Errors and warnings are printed as file:line:column - error CODE: message
(TSnnnn TypeScript, LTSnnnn the toolkit's checks; docs/cli.md lists them). The
output is written beside build/ first and replaces it only when every step
passed; a failed build removes build/script.bin.

Exit codes: 0 built (with --watch: stopped with Ctrl-C), 1 the firmware does not
build (type errors, missing main.ts, no config, a config that is not JSON), fails
during the heap step's boot, or its heap after boot exceeds the board's, 2 bad usage.

Examples:
  luatos-ts build
  luatos-ts build --board air101
  luatos-ts build --board pc
  luatos-ts build --no-heap-budget
  luatos-ts build --watch
  luatos-ts build -p firmware/tstl.json`,
        )
        .action((flags: BuildFlags) =>
            runCommand(async () => {
                const board = getBoard(flags.board ?? DEFAULT_BOARD).name;
                if (flags.watch === true) return watchUntilInterrupted({ ...flags, board });
                const log = flags.quiet === true ? undefined : (line: string) => console.log(line);
                await buildFirmware({ project: flags.project, board, log, heapBudget: flags.heapBudget !== false, luaForm: luaFormOf(flags) });
                return ExitCode.Ok;
            }),
        );
}

