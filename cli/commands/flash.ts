import cliProgress from "cli-progress";
import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { BOARD_NAMES, DEFAULT_BOARD, getBoard } from "../../image/boards.js";
import { describePlan, flashAir640w, planFlash, type FlashTiming } from "../../flash/air640w.js";
import { LinkReader } from "../../flash/byte-link.js";
import { resolveFlashImage } from "../../flash/image-source.js";
import { openSerialLink } from "../../flash/serial-link.js";
import { runCommand } from "../run-command.js";
import { runMonitor } from "./monitor.js";
import { staleBuildWarning } from "../stale-build.js";

/** The command's options as commander parses them. */
export interface FlashFlags {
    port?: string;
    board: string;
    baud: string;
    image?: string;
    dryRun?: boolean;
    retries: string;
    timeout?: string;
    monitor?: boolean;
}

/** Boards whose flashing procedure this command knows. */
const FLASHABLE = ["air640w"];

function positiveInteger(flag: string, value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} must be a positive whole number, got "${value}"`);
    return n;
}

function kb(bytes: number): string {
    return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Runs `luatos-ts flash` with parsed flags, in `cwd` (where build/ is looked up). Throws UserError. */
export async function runFlash(flags: FlashFlags, cwd = process.cwd()): Promise<void> {
    const board = getBoard(flags.board);
    // A dry run validates the image for any board; only the Air640W procedure is known for sending it.
    if (!FLASHABLE.includes(board.name) && flags.dryRun !== true) {
        throw new UserError(`flashing ${board.name} is not supported; this command knows the ${FLASHABLE.join(", ")} procedure (use the vendor's Luatools for ${board.name}; --dry-run checks the image against its script area)`);
    }
    const baud = positiveInteger("--baud", flags.baud);
    const retries = positiveInteger("--retries", flags.retries);
    const timeout = flags.timeout === undefined ? undefined : positiveInteger("--timeout", flags.timeout);
    if (flags.port === undefined && flags.dryRun !== true) throw new UserError("--port is required: the module's serial port, e.g. --port /dev/ttyUSB0");
    if (flags.monitor === true && flags.dryRun === true) throw new UserError("--monitor follows a real flash; it cannot be used with --dry-run (run `luatos-ts monitor --port PATH` instead)");

    // Everything is validated here, before the port is opened: reinit erases the module's scripts.
    const image = resolveFlashImage({ image: flags.image, board: board.name, cwd });
    const stale = staleBuildWarning(cwd, image.path);
    if (stale !== undefined) process.stderr.write(`luatos-ts: ${stale}\n`);
    const plan = planFlash(image.bytes, { board: board.name, limit: board.scriptAreaBytes, source: image.source });
    const header = `${image.source}: ${plan.files.length} files, ${plan.imageBytes} bytes (${kb(plan.imageBytes)} of the ${kb(plan.limit)} ${board.name} script area)`;

    if (flags.dryRun === true) {
        console.log(`dry run, nothing is sent; ${flags.port === undefined ? "no port given" : `would open ${flags.port} at ${baud} baud`}`);
        console.log(header);
        if (!FLASHABLE.includes(board.name)) {
            // The image was checked against the board; its flashing procedure is the vendor's.
            console.log(`  ${board.name} is flashed with the vendor's Luatools; this command would refuse without --dry-run`);
            for (const file of plan.files) console.log(`  ${file.name} (${file.data.length} bytes)`);
            return;
        }
        for (const line of describePlan(plan)) console.log(`  ${line}`);
        return;
    }

    const timing: FlashTiming = {
        answerTimeoutMs: timeout,
        reinitAttempts: retries,
        ryAttempts: Math.min(retries, 3),
        ymodem: { ackTimeoutMs: timeout, startTimeoutMs: timeout, maxRetries: retries },
    };
    const link = await openSerialLink(flags.port!, baud);
    const reader = new LinkReader(link);
    const interactive = process.stdout.isTTY === true;
    let bar: cliProgress.SingleBar | undefined;
    console.log(header);
    try {
        const summary = await flashAir640w(reader, plan, {
            timing,
            pulseReset: ms => link.pulseReset(ms),
            onStep: step => {
                if (!step.startsWith("ry ") && !step.startsWith("ymodem ")) console.log(`${step}...`);
            },
            onWarning: message => console.log(`warning: ${message}`),
            onRetry: (step, file, reason) => {
                if (bar === undefined) console.log(`retry: ${step}${file === undefined ? "" : ` ${file}`} (${reason})`);
            },
            onFileStart: (file, index, count) => {
                if (!interactive) return;
                bar = new cliProgress.SingleBar(
                    { format: `[${index + 1}/${count}] {file} [{bar}] {value}/{total} bytes`, hideCursor: true, clearOnComplete: false },
                    cliProgress.Presets.shades_classic,
                );
                bar.start(Math.max(file.data.length, 1), 0, { file: file.name.padEnd(24) });
            },
            onProgress: (file, sent) => bar?.update(file.data.length === 0 ? 1 : sent),
            onFileDone: (file, index) => {
                if (bar !== undefined) {
                    bar.stop();
                    bar = undefined;
                } else console.log(`[${index + 1}/${plan.files.length}] ${file.name} ${file.data.length} bytes ok`);
            },
        });
        console.log(`flashed ${summary.files} files, ${summary.bytes} bytes in ${(summary.ms / 1000).toFixed(1)} s, ${summary.retries} ${summary.retries === 1 ? "retry" : "retries"}`);
    } finally {
        bar?.stop();
        reader.close();
        await link.close();
    }
}

export function registerFlash(program: Command): void {
    program
        .command("flash")
        .description("write the script image to an Air640W over serial: reset, reboot, reinit, then each file with YModem")
        .option("--port <path>", "the module's serial port (/dev/ttyUSB0, COM3); required unless --dry-run")
        .option("-b, --board <name>", `board profile: ${BOARD_NAMES.join(", ")}; only air640w can be flashed, --dry-run checks any`, DEFAULT_BOARD)
        .option("--baud <rate>", "baud rate of the module's shell", "115200")
        .option("--image <file>", "LuaDB image to flash (default: build/script.bin if it is newer than build/lua, else build/lua packed in memory)")
        .option("--dry-run", "validate the image and print the steps and files that would be sent, without opening the port")
        .option("--retries <n>", "attempts per shell command and retransmissions per YModem block before giving up", "10")
        .option("--timeout <ms>", "wait for each answer from the module (default 2000 for shell commands, 10000 for YModem blocks)")
        .option("--monitor", "after flashing, print the device's serial log like `luatos-ts monitor` until Ctrl-C")
        .addHelpText(
            "after",
            "\nThe whole image is validated (LuaDB fields, main.lua present, board script area) before\n" +
                "anything is sent: `reinit` erases the module's scripts.\n\n" +
                "Exit codes: 0 flashed (or dry run done), 1 bad input (port, board, image, flag values),\n" +
                "2 usage error, 3 the module stopped answering or cancelled (the message names the step\n" +
                "and the file). With --monitor, the log follows until Ctrl-C (exit 0).",
        )
        .action((flags: FlashFlags) =>
            runCommand(async () => {
                await runFlash(flags);
                if (flags.monitor === true) await runMonitor({ port: flags.port, baud: flags.baud });
            }),
        );
}
