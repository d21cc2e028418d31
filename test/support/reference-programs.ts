/**
 * The two reference programs the simulator is compared with, and running
 * them to their end: `luatos2021` (the 2021 LuatOS core built for Linux,
 * its script partition a folder) and `luatos-pc` (today's LuatOS PC build,
 * booting a LuaDB image or a script folder). Each is found through its
 * environment variable (`$LUATOS2021`, `$LUATOS_PC`) or at
 * `../shared/luatos/bin/<name>` beside the checkout; a test that needs a
 * missing one is skipped with a message, and fails under CI=true (the rule
 * of test/support/tools.ts). Shared by tests, scripts/ and bench/.
 *
 * The long-running runs against the collector (respawn at reboots, lines
 * as they come) are real-device.ts beside this module.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../common/user-error.js";
import { isExecutableFile, skipOrFail, type SkipContext } from "./tools.js";

/** The checkout's folder. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The reference programs: name, and the environment variable that overrides where it is. */
export const REFERENCE_BINARIES = { luatos2021: "LUATOS2021", "luatos-pc": "LUATOS_PC" } as const;

/** A reference program's name. */
export type ReferenceProgram = keyof typeof REFERENCE_BINARIES;

/** Path of a reference program: `$LUATOS2021`/`$LUATOS_PC`, else ../shared/luatos/bin/<name> beside the checkout; undefined when missing. */
export function findReferenceBinary(name: ReferenceProgram, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const override = env[REFERENCE_BINARIES[name]];
    const candidate = override !== undefined && override !== "" ? override : path.resolve(ROOT, "..", "shared", "luatos", "bin", name);
    return isExecutableFile(candidate) ? path.resolve(candidate) : undefined;
}

/**
 * For a test that needs a reference program: its path, else a skip (or a
 * failure under CI=true) saying where it is looked for and, when given,
 * `what` is skipped.
 */
export function requireReferenceBinary(ctx: SkipContext, name: ReferenceProgram, what?: string): string {
    const found = findReferenceBinary(name);
    if (found !== undefined) return found;
    const where = `${name} not found; set $${REFERENCE_BINARIES[name]} to its path or put it at ../shared/luatos/bin/${name} beside the checkout`;
    return skipOrFail(ctx, what === undefined ? where : `${where}: ${what} skipped`);
}

/** For a script or benchmark: the path of a reference program, or a {@link UserError} naming where it is looked for. */
export function referenceBinary(name: ReferenceProgram): string {
    const found = findReferenceBinary(name);
    if (found === undefined) throw new UserError(`${name} not found: set $${REFERENCE_BINARIES[name]} to its path`);
    return found;
}

/** What a run printed and how it ended. */
export interface ProgramRun {
    /** Standard output. */
    stdout: string;
    /** Standard output and standard error, as they came. */
    output: string;
    /** Exit status, or the signal's name. */
    status: number | string;
}

/**
 * Runs `binary args` in `cwd` to its end. The wall-clock limit is a bound
 * against a hung program, not a timing: past it the program is killed and
 * the run fails with what it printed.
 */
function runToEnd(name: ReferenceProgram, binary: string, args: string[], options: { cwd?: string; limitMs: number; encoding: BufferEncoding }): Promise<ProgramRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(binary, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let output = "";
        let timedOut = false;
        child.stdout.setEncoding(options.encoding).on("data", (chunk: string) => {
            stdout += chunk;
            output += chunk;
        });
        child.stderr.setEncoding(options.encoding).on("data", (chunk: string) => (output += chunk));
        const guard = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, options.limitMs);
        child.on("error", error => {
            clearTimeout(guard);
            reject(error);
        });
        child.on("close", (code, signal) => {
            clearTimeout(guard);
            if (timedOut) reject(new Error(`${name} did not exit within ${Math.round(options.limitMs / 1000)} s:\n${output}`));
            else resolve({ stdout, output, status: code ?? signal ?? "unknown" });
        });
    });
}

/** luatos-pc's prefix of every log line: `[2026-01-01 00:00:00.000][000000001.234] `. */
export const PC_PREFIX = /^\[[^\]]*\]\[[^\]]*\] /;

/** What luatos-pc boots: a script folder, or a LuaDB image's bytes. */
export type LuatosPcSource = { folder: string } | { image: Uint8Array };

/** A luatos-pc run: its console lines without the `[date][ticks] ` prefix or `\r` (split at `\n`, a last empty line kept). */
export interface LuatosPcRun extends ProgramRun {
    lines: string[];
}

/**
 * Runs luatos-pc on a script folder or an image in a fresh scratch folder
 * (it writes pcconf/, pclogs/ and fskv.bin there; an image goes in as
 * script.bin), removed afterwards. The program must end by itself
 * (`os.exit`); `limitMs` (default 30 s) bounds a hung one.
 */
export async function runLuatosPc(binary: string, source: LuatosPcSource, options: { limitMs?: number; encoding?: BufferEncoding } = {}): Promise<LuatosPcRun> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-pc-run-"));
    try {
        let args: string[];
        if ("folder" in source) args = [source.folder + "/"];
        else {
            fs.writeFileSync(path.join(scratch, "script.bin"), source.image);
            args = ["--ldb=script.bin"];
        }
        const run = await runToEnd("luatos-pc", binary, args, { cwd: scratch, limitMs: options.limitMs ?? 30_000, encoding: options.encoding ?? "utf8" });
        return { ...run, lines: run.stdout.split("\n").map(line => line.replace(PC_PREFIX, "").replace(/\r$/, "")) };
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

/** Options of a luatos2021 run. */
export interface Luatos2021RunOptions {
    /** Wall time the firmware runs (`--for`), in ms. */
    forMs: number;
    /** Exit where the device would reboot (`--no-reboot`); default true. */
    noReboot?: boolean;
    /** Pool bytes (`--lua-heap`); default the binary's 64 KB. */
    luaHeap?: number;
    /** `--dns NAME=IP` entries. */
    dns?: readonly string[];
    /** Fail every other name at once (`--dns-only`). */
    dnsOnly?: boolean;
    /** Bound on the whole run beyond `forMs`; default 20 s. */
    graceMs?: number;
    /** How the output is decoded; default utf8. */
    encoding?: BufferEncoding;
}

/** A luatos2021 run: its standard output's lines (split at `\n`, a trailing `\r` and the last empty line dropped). */
export interface Luatos2021Run extends ProgramRun {
    lines: string[];
}

/** Runs luatos2021 on a script folder (main.lua and sys.lua in it) for `forMs`, to its end. */
export async function runLuatos2021Folder(binary: string, dir: string, options: Luatos2021RunOptions): Promise<Luatos2021Run> {
    const args = ["--for", String(options.forMs)];
    if (options.noReboot !== false) args.push("--no-reboot");
    if (options.dnsOnly === true) args.push("--dns-only");
    if (options.luaHeap !== undefined) args.push("--lua-heap", String(options.luaHeap));
    for (const entry of options.dns ?? []) args.push("--dns", entry);
    args.push(dir);
    const run = await runToEnd("luatos2021", binary, args, { limitMs: options.forMs + (options.graceMs ?? 20_000), encoding: options.encoding ?? "utf8" });
    const lines = run.stdout.replace(/\n$/, "").split("\n").map(line => line.replace(/\r$/, ""));
    return { ...run, lines };
}

/** Lines of luatos2021's boot banner and VM exit, which the comparisons leave out. */
const FIRMWARE_NOISE = /^(I\/luat\.main LuatOS@|D\/luat\.main |E\/luat\.main Lua VM exit)/;

/**
 * Runs `main.lua` (plus `files`) as the script partition of luatos2021.
 * `rtos.reboot()` is appended so the program ends as soon as main.lua has
 * run (the binary exits at a reboot with --no-reboot); give `keepRunning`
 * to leave main.lua as it is (it must end by itself, e.g. `sys.run()` and
 * a reboot); `luaHeapBytes` enlarges the 64 KB Lua heap for programs too big
 * to compile in it; `forMs` ends the run sooner than 20 s (an uncaught error
 * waits 30 s for its reboot). Returns the printed lines, boot banner and exit lines removed,
 * split like the simulator's serial log (at `\n`, a trailing `\r` dropped).
 */
export async function runLuatos2021(
    binary: string,
    mainLua: string,
    options: { files?: Record<string, string | Uint8Array>; keepRunning?: boolean; luaHeapBytes?: number; forMs?: number } = {},
): Promise<string[]> {
    const { files = {}, keepRunning = false } = options;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos2021-"));
    try {
        for (const [name, data] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            fs.writeFileSync(path.join(dir, name), data);
        }
        fs.writeFileSync(path.join(dir, "main.lua"), keepRunning ? mainLua : `${mainLua}\nrtos.reboot()\n`);
        const forMs = options.forMs ?? 20_000;
        const run = await runLuatos2021Folder(binary, dir, { forMs, dnsOnly: true, luaHeap: options.luaHeapBytes, graceMs: Math.max(10_000, 30_000 - forMs), encoding: "latin1" });
        return run.lines.filter(line => !FIRMWARE_NOISE.test(line));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
