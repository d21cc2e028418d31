import { UserError } from "../common/user-error.js";
import { checkLuaSyntax } from "../image/lua-syntax.js";
import { LUADB_MD5_FILE, readLuaDb } from "../image/luadb.js";
import type { LinkReader } from "./byte-link.js";
import { CRC_REQUEST, sendYModem, YModemError, type YModemOptions } from "./ymodem.js";

/** One script file as it goes to the module. */
export interface FlashFile {
    name: string;
    data: Buffer;
}

/** What a flash will do, decided (and validated) before the port is touched. */
export interface FlashPlan {
    board: string;
    /** Where the image came from, for messages ("build/script.bin"). */
    source: string;
    /** Size of the whole image in bytes. */
    imageBytes: number;
    /** Size of the board's script area in bytes. */
    limit: number;
    /** Files to send, in image order. */
    files: FlashFile[];
    /** Image entries that are not sent, with the reason. */
    skipped: { name: string; reason: string }[];
}

/**
 * Validates a whole LuaDB image for a flash and lists what will be sent. Runs
 * before anything is written to the module, because `reinit` erases its
 * scripts: a bad image must never leave a module empty. Throws UserError.
 */
export function planFlash(image: Uint8Array, target: { board: string; limit: number; source: string }): FlashPlan {
    let db: ReturnType<typeof readLuaDb>;
    try {
        db = readLuaDb(image);
    } catch (error) {
        if (error instanceof UserError) throw new UserError(`${target.source}: ${error.message}`);
        throw error;
    }
    if (image.length > target.limit) {
        throw new UserError(`${target.source} is ${image.length} bytes; the ${target.board} script area holds ${target.limit} bytes (${image.length - target.limit} too many)`);
    }
    const files = db.files.map(entry => ({ name: entry.name, data: Buffer.from(entry.data) }));
    if (!files.some(file => file.name === "main.lua" || file.name === "main.luac")) {
        throw new UserError(`${target.source} has no main.lua; the module would have nothing to run (files: ${files.map(f => f.name).join(", ")})`);
    }
    // A script that does not parse would boot-loop the module after reinit erased the old ones.
    checkLuaSyntax(files, `${target.source}: `);
    // The MD5 record guards the image container; the module's file system gets scripts only.
    const skipped = db.md5 === undefined ? [] : [{ name: LUADB_MD5_FILE, reason: "MD5 record of the image container, not a script" }];
    return { board: target.board, source: target.source, imageBytes: image.length, limit: target.limit, files, skipped };
}

/** The steps of a flash, one line each, as `--dry-run` prints them. */
export function describePlan(plan: FlashPlan): string[] {
    const lines = [
        `1. pulse RTS to reset the module`,
        `2. send "reboot" and wait for the module to boot`,
        `3. send "reinit" until a line contains DONE! (this erases the module's scripts)`,
    ];
    plan.files.forEach((file, i) => lines.push(`${i + 4}. send "ry", read one line, then YModem ${file.name} (${file.data.length} bytes)`));
    for (const entry of plan.skipped) lines.push(`   not sent: ${entry.name} (${entry.reason})`);
    return lines;
}

/** How long to wait and how often to try; the defaults suit a real module. */
export interface FlashTiming {
    /** How long RTS stays asserted for the reset pulse. Default 100 ms. */
    resetPulseMs?: number;
    /** Boot time after `reboot`; what the module prints meanwhile is dropped. Default 1500 ms. */
    bootMs?: number;
    /** Wait for a shell answer (DONE!, the line after `ry`). Default 2000 ms. */
    answerTimeoutMs?: number;
    /** `reinit` commands before giving up. Default 10. */
    reinitAttempts?: number;
    /** `ry` commands per file before giving up. Default 3. */
    ryAttempts?: number;
    /** YModem waits and retries (defaults in ymodem.ts). */
    ymodem?: Pick<YModemOptions, "startTimeoutMs" | "ackTimeoutMs" | "maxRetries">;
}

/** What the procedure reports while it runs (all optional). */
export interface FlashEvents {
    onStep?: (step: string) => void;
    onWarning?: (message: string) => void;
    onRetry?: (step: string, file: string | undefined, reason: string) => void;
    onFileStart?: (file: FlashFile, index: number, count: number) => void;
    onProgress?: (file: FlashFile, sent: number) => void;
    onFileDone?: (file: FlashFile, index: number) => void;
}

export interface FlashOptions extends FlashEvents {
    /** Pulses the reset line; absent or failing (a pseudo-terminal has no RTS), the procedure warns and relies on `reboot`. */
    pulseReset?: (ms: number) => Promise<void>;
    timing?: FlashTiming;
}

export interface FlashSummary {
    files: number;
    bytes: number;
    /** Retransmitted blocks plus repeated shell commands. */
    retries: number;
    ms: number;
}

/** A flash that stopped: names the step and the file it was at. Exit code 3 (the device), apart from bad input (1) and usage errors (2). */
export class FlashError extends UserError {
    constructor(
        readonly step: string,
        readonly file: string | undefined,
        detail: string,
        erased: boolean,
    ) {
        const where = file === undefined ? `step "${step}"` : `step "${step}" of ${file}`;
        const after = erased ? "; the module's scripts were erased by reinit, flash again once it answers" : "";
        super(`flash stopped at ${where}: ${detail}${after}`, 3);
        this.name = "FlashError";
    }
}

/**
 * Flashes a planned image into an Air640W over `reader`'s link, following the
 * module's procedure: reset, `reboot`, `reinit` until DONE!, then for each
 * file `ry`, one line, and a YModem transfer. Throws {@link FlashError}.
 */
export async function flashAir640w(reader: LinkReader, plan: FlashPlan, options: FlashOptions = {}): Promise<FlashSummary> {
    const started = Date.now();
    const timing = {
        resetPulseMs: options.timing?.resetPulseMs ?? 100,
        bootMs: options.timing?.bootMs ?? 1500,
        answerTimeoutMs: options.timing?.answerTimeoutMs ?? 2000,
        reinitAttempts: options.timing?.reinitAttempts ?? 10,
        ryAttempts: options.timing?.ryAttempts ?? 3,
    };
    let retries = 0;
    let bytes = 0;
    const retry = (step: string, file: string | undefined, reason: string) => {
        retries++;
        options.onRetry?.(step, file, reason);
    };

    options.onStep?.("reset");
    if (options.pulseReset === undefined) options.onWarning?.("no reset line; relying on the reboot command");
    else {
        try {
            await options.pulseReset(timing.resetPulseMs);
        } catch (error) {
            options.onWarning?.(`could not pulse RTS (${(error as Error).message}); relying on the reboot command`);
        }
    }

    options.onStep?.("reboot");
    reader.discard();
    await reader.write("reboot\r\n");
    await reader.drainFor(timing.bootMs);

    options.onStep?.("reinit");
    for (let attempt = 1; ; attempt++) {
        reader.discard();
        await reader.write("reinit\r\n");
        if (await waitForLine(reader, line => line.includes("DONE!"), timing.answerTimeoutMs)) break;
        if (attempt >= timing.reinitAttempts) {
            throw new FlashError("reinit", undefined, `no line containing DONE! after ${attempt} "reinit" commands, ${timing.answerTimeoutMs} ms each; check the port, the baud rate and that the module runs the LuatOS firmware`, false);
        }
        retry("reinit", undefined, "no DONE!");
    }

    for (let index = 0; index < plan.files.length; index++) {
        const file = plan.files[index];
        options.onFileStart?.(file, index, plan.files.length);
        for (let attempt = 1; ; attempt++) {
            options.onStep?.(`ry ${file.name}`);
            if (attempt > 1) {
                // End whatever a failed attempt left on the shell's line (CANs, a half command).
                await reader.write("\r\n");
                await reader.drainFor(Math.min(500, timing.answerTimeoutMs));
            }
            reader.discard();
            await reader.write("ry\r\n");
            const line = await reader.readLine(timing.answerTimeoutMs);
            // A receiver that is already asking for data ('C') counts as an answer.
            if (line === undefined && !reader.holds(CRC_REQUEST)) {
                if (attempt >= timing.ryAttempts) throw new FlashError("ry", file.name, `no answer to "ry" after ${attempt} attempts, ${timing.answerTimeoutMs} ms each`, true);
                retry("ry", file.name, "no answer");
                continue;
            }
            options.onStep?.(`ymodem ${file.name}`);
            let headerAcked = false;
            try {
                const result = await sendYModem(reader, [file], {
                    ...options.timing?.ymodem,
                    onProgress: progress => {
                        headerAcked = true;
                        options.onProgress?.(file, progress.sent);
                    },
                    onRetry: r => retry("YModem transfer", file.name, `${r.reason} on block ${r.block}`),
                });
                bytes += result.bytes;
                break;
            } catch (error) {
                if (!(error instanceof YModemError)) throw error;
                // A receiver that never started may have missed the command: ask again.
                if (error.reason === "timeout" && !headerAcked && attempt < timing.ryAttempts) {
                    retry("ry", file.name, "receiver did not start");
                    continue;
                }
                throw new FlashError("YModem transfer", file.name, error.message, true);
            }
        }
        options.onFileDone?.(file, index);
    }
    return { files: plan.files.length, bytes, retries, ms: Date.now() - started };
}

/** Reads lines until one matches or the time is up. */
async function waitForLine(reader: LinkReader, match: (line: string) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const line = await reader.readLine(deadline - Date.now());
        if (line === undefined) return false;
        if (match(line)) return true;
    }
}
