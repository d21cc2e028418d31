/**
 * The Lua heap a build costs, measured on native Lua 5.3 with
 * `collectgarbage("count")` after a full collect: each module's cost to
 * load, the firmware's heap after boot and after simulated hours of traffic.
 * The C layer is faked in Lua (compiler/native/footprint.lua): rtos timers on a
 * virtual clock, log, and the 2021 netclient talking to a collector that
 * acknowledges every sample.
 *
 * Debian's lua5.3 is a 64-bit build (8-byte integers, floats and pointers,
 * bigger object headers), so every figure is an upper bound of what a
 * 32-bit device (Air640W) needs for the same code and data.
 *
 * Every interpreter run is bounded: a count of Lua instructions (a
 * firmware that never yields), a cap on what it may print (a chatty
 * firmware) and a wall-clock backstop, so a measurement always ends.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { moduleName } from "../common/build-layout.js";
import { findExecutable } from "../common/find-executable.js";
import { UserError } from "../common/user-error.js";
import { DEFAULT_BOARD, getBoard, type BoardProfile } from "../image/boards.js";

/** The Lua side of the measurement. */
// The Lua sources sit beside the TypeScript, also when the toolkit runs from dist/.
const DRIVER = path.join(TOOLKIT_ROOT, "compiler", "native", "footprint.lua");

/**
 * Lua instructions one interpreter run may execute: a firmware that never
 * lets the virtual clock advance is stopped here, the same on a busy
 * machine as on an idle one (booting the reference firmware takes a few
 * million; an hour of its traffic, tens of millions).
 */
export const NATIVE_INSTRUCTION_LIMIT = 1_000_000_000;

/** Wall-clock backstop of one interpreter run (the instruction limit normally ends a stuck one far sooner). */
export const NATIVE_TIME_LIMIT_MS = 120_000;

/** Bytes of output one interpreter run may print; the figures are a few lines, the rest is the firmware's own printing. */
const OUTPUT_CAP_BYTES = 1 << 20;

/** What to install on Debian when the measurement cannot run. */
export const FOOTPRINT_INSTALL_HINT = "apt-get install -y lua5.3";

/** Why the figures are an upper bound; carried in every {@link Footprint}. */
export const UPPER_BOUND_NOTE =
    "measured on native lua5.3 (64-bit integers, floats and pointers): an upper bound of the heap of a 32-bit LUA_32BITS device such as the Air640W";

/** Heap figures of a build, in bytes; written to build/size.json as "footprint". */
export interface Footprint {
    /** The interpreter that measured. */
    interpreter: string;
    /** Heap of a fresh interpreter with the fake C layer, before any firmware; subtracted from every other figure. */
    baseBytes: number;
    /**
     * What requiring each module costs in a fresh interpreter (sys loaded
     * first, as main.lua does), including the modules it requires that
     * were not loaded yet. By file name (`lib/connection.lua`); main.lua
     * is not a module (see {@link afterBootBytes}).
     */
    modules: Record<string, number>;
    /** Heap the firmware holds after booting: main.lua run, then `bootMs` of device time. */
    afterBootBytes?: number;
    /** Heap after one simulated hour of traffic (after boot). */
    afterHourBytes?: number;
    /** Heap at the end of each simulated hour, when more than one was asked for. */
    hourlyBytes?: number[];
    /** Why a figure is missing: the firmware raised, or needs a module the fake C layer lacks. */
    problems?: string[];
    /** {@link UPPER_BOUND_NOTE}. */
    note: string;
}

export interface FootprintOptions {
    /** The Lua 5.3 interpreter (a name looked up in PATH, or a path). Default `lua5.3`. */
    lua?: string;
    /** PATH for the look-up. Default process.env. */
    env?: NodeJS.ProcessEnv;
    /** Device time that counts as "booted". Default 10 s (network up, collector connected, first sample sent). */
    bootMs?: number;
    /** Length of a simulated hour (tests shorten it). Default 3 600 000. */
    hourMs?: number;
    /** How many hours to simulate after boot. Default 1. */
    hours?: number;
    /** Lua instructions each interpreter run may execute. Default {@link NATIVE_INSTRUCTION_LIMIT}. */
    instructionLimit?: number;
    /** Wall-clock backstop of each interpreter run. Default {@link NATIVE_TIME_LIMIT_MS}. */
    timeLimitMs?: number;
    /** Stops the measurement (the interpreters are killed; the result has problems, no figures). */
    signal?: AbortSignal;
}

interface DriverOutput {
    figures: Record<string, number>;
    problems: string[];
}

/**
 * Runs the driver once: reads its output as it comes, keeping only the
 * FOOTPRINT and PROBLEM lines; stops it at the time limit, when it has
 * printed more than the cap, or when `signal` aborts. Never rejects: a
 * stopped run reports why as a problem.
 */
function runDriver(lua: string, args: string[], limits: { timeMs: number; signal?: AbortSignal }): Promise<DriverOutput> {
    return new Promise(resolve => {
        const figures: Record<string, number> = {};
        const problems: string[] = [];
        const child = spawn(lua, [DRIVER, ...args], { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
        let printed = 0;
        let partial = "";
        let stopped: string | undefined;
        const stop = (why: string) => {
            if (stopped !== undefined) return;
            stopped = why;
            child.kill("SIGKILL");
        };
        const timer = setTimeout(() => stop(`lua5.3 stopped after ${limits.timeMs / 1000} s of wall-clock time`), limits.timeMs);
        const onAbort = () => stop("not measured: the build failed");
        limits.signal?.addEventListener("abort", onAbort);
        const take = (line: string) => {
            if (line.startsWith("PROBLEM ")) problems.push(line.slice("PROBLEM ".length));
            if (!line.startsWith("FOOTPRINT ")) return;
            for (const pair of line.slice("FOOTPRINT ".length).split(" ")) {
                const [key, value] = pair.split("=");
                if (key !== undefined && value !== undefined) figures[key] = Number(value);
            }
        };
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", (chunk: string) => {
            printed += chunk.length;
            if (printed > OUTPUT_CAP_BYTES) stop(`lua5.3 stopped after ${OUTPUT_CAP_BYTES} bytes of output`);
            const lines = (partial + chunk).split("\n");
            partial = lines.pop() ?? "";
            // A line longer than the cap is the firmware's, never a figure.
            if (partial.length > 4096) partial = "";
            for (const line of lines) take(line);
        });
        child.stderr.resume();
        const finish = () => {
            clearTimeout(timer);
            limits.signal?.removeEventListener("abort", onAbort);
            take(partial);
            if (stopped !== undefined) problems.push(stopped);
            resolve({ figures, problems });
        };
        child.on("close", finish);
        child.on("error", error => {
            problems.push(`lua5.3 did not run: ${error.message}`);
            finish();
        });
    });
}

/** Lua files of a build folder that are modules (everything but main.lua), relative, with forward slashes. */
function moduleFiles(luaDir: string): string[] {
    return (fs.readdirSync(luaDir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter(e => e.isFile() && e.name.endsWith(".lua"))
        .map(e => path.relative(luaDir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
        .filter(name => name !== "main.lua")
        .sort();
}

/**
 * Measures a build folder (build/lua) on native lua5.3. Resolves to
 * undefined when lua5.3 is not installed (see {@link missingInterpreterNotice}).
 * Throws a UserError when the folder has no main.lua.
 */
export async function measureFootprint(luaDir: string, options: FootprintOptions = {}): Promise<Footprint | undefined> {
    const lua = findExecutable(options.lua ?? "lua5.3", options.env ?? process.env);
    if (lua === undefined) return undefined;
    const dir = path.resolve(luaDir);
    if (!fs.existsSync(path.join(dir, "main.lua"))) throw new UserError(`${luaDir} has no main.lua: build the firmware before measuring its footprint`);
    const bootMs = options.bootMs ?? 10_000;
    const hourMs = options.hourMs ?? 3_600_000;
    const hours = options.hours ?? 1;
    const names = moduleFiles(dir);
    const limits = { timeMs: options.timeLimitMs ?? NATIVE_TIME_LIMIT_MS, signal: options.signal };
    const instructions = String(options.instructionLimit ?? NATIVE_INSTRUCTION_LIMIT);
    // One fresh interpreter per module, all at once: each takes milliseconds.
    const [base, boot, ...perModule] = await Promise.all([
        runDriver(lua, [dir, "base", instructions], limits),
        runDriver(lua, [dir, "run", instructions, String(bootMs), String(hourMs), String(hours)], limits),
        ...names.map(name => runDriver(lua, [dir, "module", instructions, moduleName(name)], limits)),
    ]);
    const problems = [...boot.problems];
    const modules: Record<string, number> = {};
    names.forEach((name, i) => {
        const measured = perModule[i]!;
        modules[name] = measured.figures.module ?? 0;
        for (const problem of measured.problems) problems.push(`${name}: ${problem}`);
    });
    const hourly: number[] = [];
    for (let h = 1; h <= hours && boot.figures[`hour${h}`] !== undefined; h++) hourly.push(boot.figures[`hour${h}`]!);
    const footprint: Footprint = {
        interpreter: path.basename(lua),
        baseBytes: base.figures.base ?? 0,
        modules,
        note: UPPER_BOUND_NOTE,
    };
    if (boot.figures.boot !== undefined) footprint.afterBootBytes = boot.figures.boot;
    if (hourly.length > 0) footprint.afterHourBytes = hourly[0];
    if (hours > 1) footprint.hourlyBytes = hourly;
    if (problems.length > 0) footprint.problems = problems;
    return footprint;
}

let noticeGiven = false;

/**
 * The line to print when lua5.3 is missing, the first time it is asked for
 * in this process; undefined afterwards (so watch mode says it once).
 */
export function missingInterpreterNotice(): string | undefined {
    if (noticeGiven) return undefined;
    noticeGiven = true;
    return `footprint: lua5.3 not found, the Lua heap is not measured; install with: ${FOOTPRINT_INSTALL_HINT}`;
}

/** The after-boot heap against a board's Lua heap. */
export interface FootprintBudget {
    /** False only when the after-boot heap is known and exceeds the budget. */
    fits: boolean;
    board: string;
    /** The board's Lua heap (bytes). */
    limit: number;
    afterBootBytes?: number;
    /** One line for the build's output, or the error message when it does not fit. */
    message: string;
}

/**
 * Checks the after-boot heap against the board profile's `luaHeapBytes`.
 * The build fails when `fits` is false. An unmeasured boot (the firmware
 * raised on the fake C layer) fits, with a message saying why there is no figure.
 */
export function checkFootprintBudget(footprint: Footprint, board: BoardProfile | string = DEFAULT_BOARD): FootprintBudget {
    const profile = typeof board === "string" ? getBoard(board) : board;
    const limit = profile.luaHeapBytes;
    const boot = footprint.afterBootBytes;
    if (boot === undefined) {
        const why = footprint.problems?.[0] ?? "no figure";
        return { fits: true, board: profile.name, limit, message: `Lua heap after boot not measured (${why})` };
    }
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    if (boot > limit) {
        return {
            fits: false,
            board: profile.name,
            limit,
            afterBootBytes: boot,
            message: `the firmware holds ${kb(boot)} of Lua heap after boot (measured on 64-bit lua5.3), more than the ${kb(limit)} Lua heap of ${profile.name}; load fewer modules or keep less data`,
        };
    }
    return { fits: true, board: profile.name, limit, afterBootBytes: boot, message: `Lua heap after boot ${kb(boot)} of ${kb(limit)} (${profile.name}; 64-bit lua5.3, an upper bound)` };
}

/** The figures as a table for the terminal. */
export function formatFootprint(footprint: Footprint): string {
    const names = Object.keys(footprint.modules);
    const width = Math.max(16, ...names.map(n => n.length));
    const line = (label: string, bytes: number | undefined) => `  ${label.padEnd(width)}  ${bytes === undefined ? "       -" : String(bytes).padStart(8)} B`;
    return [
        `Lua heap (${footprint.note}):`,
        ...names.map(n => line(n, footprint.modules[n])),
        `  ${"-".repeat(width + 12)}`,
        line("after boot", footprint.afterBootBytes),
        line("after an hour", footprint.afterHourBytes),
        ...(footprint.problems ?? []).map(p => `  problem: ${p}`),
    ].join("\n");
}
