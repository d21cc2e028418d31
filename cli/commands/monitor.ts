import * as fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Command } from "commander";
import { SerialPort } from "serialport";
import { UserError } from "../../common/user-error.js";
import type { LuaSourceMaps } from "../../compiler/source-maps.js";
import { LogLineDecoder, loadSourceMaps, luaFolder, sourceMapProblem, type BuildLocationFlags } from "../log-decoder.js";
import { runCommand } from "../run-command.js";

/** The command's options as commander parses them. */
export interface MonitorFlags extends BuildLocationFlags {
    port?: string;
    baud: string;
}

/** What {@link monitorPort} needs: the port, how to print, and when to stop. */
export interface MonitorOptions {
    port: string;
    baud: number;
    /** Source maps for rewriting Lua locations; undefined prints the log unchanged. */
    maps?: LuaSourceMaps;
    /** Receives the decoded log (stdout). */
    out: (text: string) => void;
    /** Receives status lines (stderr): connected, waiting, went away. */
    status: (line: string) => void;
    /** Aborting it stops the monitor, which then resolves. */
    signal: AbortSignal;
    /** First and longest wait between attempts to open a missing port. Default 100 ms and 2 s. */
    retryMs?: { first: number; max: number };
    /** An unfinished line is printed after this long without new bytes. Default 200 ms. */
    idleFlushMs?: number;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise(resolve => {
        if (signal.aborted) return resolve();
        const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done);
    });
}

/** Opens the port, or returns the error (a missing device is the usual one while waiting). */
function open(portPath: string, baudRate: number): Promise<SerialPort | Error> {
    return new Promise(resolve => {
        if (!fs.existsSync(portPath)) return resolve(new Error(`${portPath} does not exist`));
        const port = new SerialPort({ path: portPath, baudRate, dataBits: 8, parity: "none", stopBits: 1, autoOpen: false });
        port.open(error => resolve(error ? error : port));
    });
}

/** How often an open port's device node is checked while connected. */
const PRESENCE_CHECK_MS = 500;

/** The device number behind `portPath` (following links), or undefined when it is gone. */
function deviceOf(portPath: string): number | undefined {
    try {
        return fs.statSync(portPath).rdev;
    } catch {
        return undefined;
    }
}

/**
 * Prints what arrives on an open port until it goes away or `signal` aborts.
 * A read error is not the only sign of an unplugged port: a terminal whose
 * other end hung up reads as end-of-file, which the serial library retries
 * for ever, so the port's path is also checked: gone, or another device
 * behind it, means the port went away.
 */
function readUntilGone(port: SerialPort, decoder: LogLineDecoder, options: MonitorOptions): Promise<void> {
    return new Promise(resolve => {
        const text = new StringDecoder("utf8");
        let idle: NodeJS.Timeout | undefined;
        const device = deviceOf(options.port);
        const presence = setInterval(() => {
            if (deviceOf(options.port) !== device) finish();
        }, PRESENCE_CHECK_MS);
        let finished = false;
        const finish = () => {
            if (finished) return;
            finished = true;
            clearInterval(presence);
            clearTimeout(idle);
            options.signal.removeEventListener("abort", finish);
            port.removeAllListeners("data");
            // After the port went away a close may fail; the port is gone either way.
            port.on("error", () => undefined);
            if (port.isOpen) port.close(() => resolve());
            else resolve();
        };
        port.on("data", (chunk: Buffer) => {
            options.out(decoder.push(text.write(chunk)));
            clearTimeout(idle);
            // A line without its end (a prompt, a crash mid-line) still shows up.
            idle = setTimeout(() => options.out(decoder.flush()), options.idleFlushMs ?? 200);
        });
        port.once("close", finish);
        port.once("error", finish);
        options.signal.addEventListener("abort", finish);
        if (options.signal.aborted) finish();
    });
}

/**
 * Prints the device's serial log from `port` as it arrives, with Lua
 * locations rewritten to TypeScript ones, until `signal` aborts. When the
 * port is missing or goes away (the module unplugged or reset), it says
 * "waiting for PORT" once and tries again with a growing pause, then goes
 * on when the port is back.
 */
export async function monitorPort(options: MonitorOptions): Promise<void> {
    const first = options.retryMs?.first ?? 100;
    const max = options.retryMs?.max ?? 2000;
    const decoder = new LogLineDecoder(options.maps);
    let delay = first;
    let waiting = false;
    while (!options.signal.aborted) {
        const opened = await open(options.port, options.baud);
        if (options.signal.aborted) {
            if (!(opened instanceof Error)) await new Promise<void>(resolve => opened.close(() => resolve()));
            break;
        }
        if (opened instanceof Error) {
            if (!waiting) options.status(`waiting for ${options.port}`);
            waiting = true;
            await pause(delay, options.signal);
            delay = Math.min(delay * 2, max);
            continue;
        }
        waiting = false;
        options.status(`connected to ${options.port} at ${options.baud} baud`);
        const connectedAt = performance.now();
        await readUntilGone(opened, decoder, options);
        options.out(decoder.flush());
        if (options.signal.aborted) break;
        options.status(`${options.port} went away`);
        // A port that opens and drops at once must not make this loop spin: keep backing off until a connection lasts.
        if (performance.now() - connectedAt < max) {
            await pause(delay, options.signal);
            delay = Math.min(delay * 2, max);
        } else delay = first;
    }
}

function positiveInteger(flag: string, value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} must be a positive whole number, got "${value}"`);
    return n;
}

/**
 * Runs `luatos-ts monitor` (also `flash --monitor` after flashing) until
 * Ctrl-C or SIGTERM. The source maps come from `--build`/`-p` (which must
 * exist when given) or the project's build/lua; without a build the log is
 * printed unchanged, with a note.
 */
export async function runMonitor(flags: MonitorFlags, cwd = process.cwd()): Promise<void> {
    if (flags.port === undefined) throw new UserError("--port is required: the module's serial port, e.g. --port /dev/ttyUSB0");
    const baud = positiveInteger("--baud", flags.baud);
    const luaDir = luaFolder(flags, cwd);
    let maps: LuaSourceMaps | undefined;
    if (flags.build !== undefined || flags.project !== undefined) maps = loadSourceMaps(luaDir, cwd);
    else {
        const problem = sourceMapProblem(luaDir, cwd);
        if (problem === undefined) maps = loadSourceMaps(luaDir, cwd);
        else process.stderr.write(`luatos-ts: note: ${problem}; printing the log without TypeScript locations\n`);
    }
    // A port that exists but cannot be opened (permissions) is the user's to fix, not a port to wait for.
    if (fs.existsSync(flags.port)) {
        const probe = await open(flags.port, baud);
        if (probe instanceof Error) {
            const hint = /permission denied|EACCES/i.test(probe.message) ? " (on Linux, add yourself to the dialout group)" : "";
            throw new UserError(`cannot open serial port ${flags.port}: ${probe.message}${hint}`);
        }
        await new Promise<void>(resolve => probe.close(() => resolve()));
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
        await monitorPort({
            port: flags.port,
            baud,
            maps,
            signal: controller.signal,
            out: text => {
                if (text !== "") process.stdout.write(text);
            },
            status: line => process.stderr.write(`luatos-ts: ${line}\n`),
        });
    } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
    }
    process.stderr.write("luatos-ts: monitor stopped\n");
}

export function registerMonitor(program: Command): void {
    program
        .command("monitor")
        .description("print the device's serial log live, with Lua locations mapped to TypeScript; waits for the port when it goes away")
        .option("--port <path>", "the module's serial port (/dev/ttyUSB0, COM3)")
        .option("--baud <rate>", "baud rate of the module's log", "115200")
        .option("--build <dir>", "the build's Lua folder with its source maps (default: the project's outDir, build/lua)")
        .option("-p, --project <path>", "TSTL config file or folder whose outDir holds the build")
        .addHelpText(
            "after",
            `
Locations such as main.lua:12 or /luadb/lib.conn.lua:3 become
  src/main.ts:7 (main.lua:12)
the way \`luatos-ts decode\` rewrites them. When the port disappears (module
unplugged or reset) the monitor says "waiting for PORT" and reconnects when it
is back. Ctrl-C or SIGTERM stops it.

Exit codes: 0 stopped with Ctrl-C or SIGTERM, 1 bad input (no --port, bad --baud,
a port that cannot be opened, a --build folder without source maps), 2 usage error.

Examples:
  luatos-ts monitor --port /dev/ttyUSB0
  luatos-ts monitor --port /dev/ttyUSB0 --baud 921600 --build build/lua
  luatos-ts flash --port /dev/ttyUSB0 --monitor`,
        )
        .action((flags: MonitorFlags) => runCommand(() => runMonitor(flags)));
}
