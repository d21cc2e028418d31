import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { LuaSourceMaps, type MapCounts } from "../../compiler/source-maps.js";
import { readInputFile } from "../../image/user-files.js";
import { LogLineDecoder, loadSourceMaps, luaFolder, type BuildLocationFlags } from "../log-decoder.js";
import { runCommand } from "../run-command.js";

type DecodeFlags = BuildLocationFlags;

/** A log's text and the encoding that gives its bytes back unchanged. */
function readLog(file: string): { text: string; encoding: BufferEncoding } {
    if (!fs.existsSync(file)) throw new UserError(`log file not found: ${file}`);
    if (fs.statSync(file).isDirectory()) throw new UserError(`${file} is a folder, not a log file`);
    const bytes = readInputFile(file, "log file");
    try {
        return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf8" };
    } catch {
        // Line noise on a serial port is not UTF-8; latin1 passes every byte through unchanged.
        return { text: bytes.toString("latin1"), encoding: "latin1" };
    }
}

/**
 * Rewrites the Lua locations of a device log to TypeScript locations and
 * returns the decoded text with the tally.
 */
export function decodeLog(text: string, luaDir: string, cwd = process.cwd()): { text: string; counts: MapCounts } {
    const maps = new LuaSourceMaps(luaDir, cwd);
    const counts: MapCounts = { found: 0, mapped: 0 };
    return { text: maps.mapText(text, counts), counts };
}

/** Decodes standard input line by line as it arrives, so a live serial log can be piped in. */
async function decodeStream(input: NodeJS.ReadableStream, decoder: LogLineDecoder): Promise<void> {
    input.setEncoding("utf8");
    for await (const chunk of input) process.stdout.write(decoder.push(String(chunk)));
    process.stdout.write(decoder.flush());
}

async function decode(logFile: string, flags: DecodeFlags): Promise<void> {
    const cwd = process.cwd();
    const luaDir = luaFolder(flags, cwd);
    const shown = path.relative(cwd, luaDir) || ".";
    const maps = loadSourceMaps(luaDir, cwd);
    let counts: MapCounts;
    if (logFile === "-") {
        const decoder = new LogLineDecoder(maps);
        await decodeStream(process.stdin, decoder);
        counts = decoder.counts;
    } else {
        const log = readLog(logFile);
        counts = { found: 0, mapped: 0 };
        process.stdout.write(Buffer.from(maps.mapText(log.text, counts), log.encoding));
    }
    if (counts.found > 0 && counts.mapped === 0) {
        process.stderr.write(`luatos-ts: note: ${counts.found} Lua locations in the log, none covered by the source maps in ${shown} (is it the build that is on the device?)\n`);
    }
}

export function registerDecode(program: Command): void {
    program
        .command("decode")
        .description("map Lua file:line locations in a device log (tracebacks) back to TypeScript file:line")
        .argument("<logfile>", "serial log of the device; - reads standard input")
        .option("--build <dir>", "the build's Lua folder with its source maps (default: the project's outDir, build/lua)")
        .option("-p, --project <path>", "TSTL config file or folder whose outDir holds the build")
        .addHelpText(
            "after",
            `
Each location such as main.lua:12, /luadb/main.lua:12, [string "main.lua"]:12
or /lua/lib.conn.lua:3 (a module's name in the script image) becomes
  src/main.ts:7 (/luadb/main.lua:12)
The rest of the log is printed unchanged. Decode with the same build that is
on the device; bytecode built with luac -s has no line numbers to decode.

Exit codes: 0 decoded, 1 missing log file or build folder, 2 bad usage.

Examples:
  luatos-ts decode device.log
  luatos-ts decode device.log --build build/lua
  cat /dev/ttyUSB0 | luatos-ts decode -`,
        )
        .action((logFile: string, flags: DecodeFlags) => runCommand(() => decode(logFile, flags)));
}
