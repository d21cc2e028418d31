/**
 * The reference firmware on the real LuatOS runtimes, against the collector
 * on real sockets: `luatos2021` (the 2021 Air640W C code built for Linux,
 * its script partition a folder) and `luatos-pc` (today's PC build, booting
 * a LuaDB image). Both run in real time. This module starts them, collects
 * their log lines, and reads from those lines what the device did: boots,
 * planned reboots, crashes, the firmware's counters.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { extractFiles } from "../../image/extract.js";
import { readLuaDb } from "../../image/luadb.js";
import { PC_PREFIX } from "./reference-programs.js";
import { findTool } from "./tools.js";

/** A device process and its log. */
export interface DeviceProcess {
    /** Every log line so far, without the runtime's prefixes (luatos-pc's date and tick stamps) or line ends. */
    readonly lines: string[];
    /** Resolves with the exit code (or the signal's name) when the process ends. */
    readonly exited: Promise<number | string>;
    /** Whether it has ended. */
    readonly ended: boolean;
    /** Ends it (SIGTERM, then SIGKILL after 2 s) and waits. */
    stop(): Promise<void>;
}

export interface DeviceProcessOptions {
    /** Called with each line as it comes. */
    onLine?: (line: string) => void;
}

/**
 * Runs `command args` in `cwd` and collects its lines. With `respawn`, an
 * exit that `respawn(code)` accepts (a reboot, for a runtime that reboots by
 * exiting) starts the same command again, in the same folder, into the same
 * log, until {@link DeviceProcess.stop}.
 */
function startDevice(command: string, args: string[], cwd: string, strip: (line: string) => string, options: DeviceProcessOptions & { respawn?: (code: number | string) => boolean }): DeviceProcess {
    const lines: string[] = [];
    let ended = false;
    let stopping = false;
    let child: ChildProcess;
    let resolveExit: (code: number | string) => void = () => undefined;
    const exited = new Promise<number | string>(resolve => (resolveExit = resolve));
    const run = () => {
        let pending = "";
        const take = (chunk: string) => {
            pending += chunk;
            let newline: number;
            while ((newline = pending.indexOf("\n")) >= 0) {
                const line = strip(pending.slice(0, newline).replace(/\r$/, ""));
                pending = pending.slice(newline + 1);
                lines.push(line);
                options.onLine?.(line);
            }
        };
        child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
        child.stdout!.setEncoding("utf8").on("data", take);
        child.stderr!.setEncoding("utf8").on("data", take);
        child.on("error", error => {
            take(`host: cannot run ${command}: ${error.message}\n`);
        });
        child.on("close", (code, signal) => {
            if (pending !== "") take("\n");
            const status = code ?? signal ?? "unknown";
            if (!stopping && options.respawn?.(status) === true) {
                // The device reboots: the same program again, a moment later.
                setTimeout(() => (stopping ? finish(status) : run()), 100);
                return;
            }
            finish(status);
        });
    };
    const finish = (status: number | string) => {
        ended = true;
        resolveExit(status);
    };
    run();
    return {
        lines,
        exited,
        get ended() {
            return ended;
        },
        async stop() {
            stopping = true;
            if (ended) return;
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
            await exited;
            clearTimeout(timer);
        },
    };
}

/**
 * Writes a LuaDB image's files into a fresh folder, as the script
 * partition of the Air640W holds them (flat names: `app.telemetry.lua`).
 * luatos2021 runs that folder.
 */
export function scriptFolderFromImage(image: string, prefix = "luatos2021-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    extractFiles(readLuaDb(fs.readFileSync(image)).files, dir);
    return dir;
}

export interface Luatos2021Options extends DeviceProcessOptions {
    /** The luatos2021 executable. */
    binary: string;
    /** The script folder (see {@link scriptFolderFromImage}); also where the firmware's files (e.g. /queue.txt) go. */
    dir: string;
    /** The Lua heap in bytes (`--lua-heap`); default the binary's (64 KB, the Air640W's). */
    luaHeap?: number;
    /** Names resolved by the device (`--dns NAME=IP`); every other name fails at once (`--dns-only`). */
    dns: Record<string, string>;
    /** Exit where the device would reboot (`--no-reboot`); default false: a reboot re-executes the program. */
    noReboot?: boolean;
}

/** Starts luatos2021 on a script folder. It runs until stopped. */
export function startLuatos2021(options: Luatos2021Options): DeviceProcess {
    const args = ["--dns-only"];
    for (const [name, ip] of Object.entries(options.dns)) args.push("--dns", `${name}=${ip}`);
    if (options.luaHeap !== undefined) args.push("--lua-heap", String(options.luaHeap));
    if (options.noReboot === true) args.push("--no-reboot");
    args.push(options.dir);
    return startDevice(options.binary, args, options.dir, line => line, options);
}

export interface LuatosPcOptions extends DeviceProcessOptions {
    /** The luatos-pc executable. */
    binary: string;
    /** The LuaDB image to boot (`--ldb=`). */
    image: string;
    /** Scratch folder it runs in (it writes pcconf/ and pclogs/ there). */
    cwd: string;
}

/**
 * Starts luatos-pc on an image. `rtos.reboot()` ends luatos-pc with status
 * 0: the device's reboot is played by starting it again in the same folder
 * (its file system, /queue.txt included, is that folder), until stopped.
 * Its output is line-buffered through `stdbuf -oL` when coreutils has it.
 */
export function startLuatosPc(options: LuatosPcOptions): DeviceProcess {
    const image = path.resolve(options.image);
    const stdbuf = findTool("stdbuf");
    const [command, args] = stdbuf === undefined ? [options.binary, [`--ldb=${image}`]] : [stdbuf, ["-oL", options.binary, `--ldb=${image}`]];
    return startDevice(command, args, options.cwd, line => line.replace(PC_PREFIX, ""), { ...options, respawn: code => code === 0 });
}

/** The application's log lines (`I/user.`, `W/user.`, `E/user.`), values joined by one space whatever the generation (2021 uses tabs). */
export function appLines(lines: readonly string[]): string[] {
    return lines.filter(l => /^[DIWE]\/user\./.test(l)).map(l => l.replace(/\t/g, " "));
}

/** What the log says the device did. */
export interface DeviceReport {
    /** Boots of the firmware (the first one included). */
    boots: number;
    /** Reboots the firmware planned (heap guard: queue saved). */
    plannedReboots: number;
    /** Planned reboots whose queue could not be saved. */
    unsavedQueues: number;
    /**
     * Lines that tell of a crash or a Lua error: `E/user.` and `E/lua.` lines,
     * "Lua VM exit", "not enough memory", assertions, tracebacks. (The C
     * layer's own error lines, e.g. `E/luat.netc ... connect failed` on a
     * refused connect, are what the faults are meant to cause.)
     */
    errors: string[];
    /** The counters of the last `stats` line (they survive planned reboots), by name. */
    stats: Record<string, number> | undefined;
    /** How many `stats` lines there were. */
    statsLines: number;
    /** Beacons the firmware could not send (`beacon <why>`). */
    beaconFailures: number;
}

/** Reads a device log (luatos2021's, luatos-pc's or the simulator's). */
export function deviceReport(lines: readonly string[]): DeviceReport {
    const report: DeviceReport = { boots: 0, plannedReboots: 0, unsavedQueues: 0, errors: [], stats: undefined, statsLines: 0, beaconFailures: 0 };
    for (const raw of lines) {
        const line = raw.replace(/\t/g, " ");
        if (/^I\/user\.main telemetry-node /.test(line)) report.boots += 1;
        if (line.includes("planned reboot, queue")) {
            report.plannedReboots += 1;
            if (line.includes("NOT saved")) report.unsavedQueues += 1;
        }
        if (/^W\/user\.beacon /.test(line)) report.beaconFailures += 1;
        if (/^E\/(user|lua)\./.test(line) || /Lua VM exit|not enough memory|assertion failed|stack traceback/.test(line)) report.errors.push(raw);
        if (line.startsWith("I/user.stats ")) {
            report.statsLines += 1;
            const words = line.split(" ").slice(1);
            const stats: Record<string, number> = {};
            for (let w = 0; w + 1 < words.length; w += 2) stats[words[w]!] = Number(words[w + 1]);
            report.stats = stats;
        }
    }
    return report;
}

/**
 * Waits until `condition()` holds, checking every `pollMs`, for at most
 * `limitMs` (a bound against hanging, not a timing: the caller's condition
 * is what the test waits for). Throws with `what` and `describe()` when the
 * limit passes or `abort()` says the run cannot get there any more.
 */
export async function waitFor(
    what: string,
    condition: () => boolean,
    options: { limitMs: number; pollMs?: number; abort?: () => string | undefined; describe?: () => string },
): Promise<void> {
    const deadline = Date.now() + options.limitMs;
    for (;;) {
        if (condition()) return;
        const aborted = options.abort?.();
        if (aborted !== undefined) throw new Error(`while waiting for ${what}: ${aborted}${options.describe === undefined ? "" : `\n${options.describe()}`}`);
        if (Date.now() > deadline) throw new Error(`${what} did not happen within ${Math.round(options.limitMs / 1000)} s${options.describe === undefined ? "" : `\n${options.describe()}`}`);
        await new Promise(resolve => setTimeout(resolve, options.pollMs ?? 200));
    }
}
