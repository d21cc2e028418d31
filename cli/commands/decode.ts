import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { findConfig, loadProject } from "../../compiler/project.js";
import { LuaSourceMaps, type MapCounts } from "../../compiler/source-maps.js";
import { readInputFile } from "../../image/user-files.js";
import { runCommand } from "../run-command.js";

interface DecodeFlags {
    build?: string;
    project?: string;
}

/** The build's Lua folder: `--build`, else the project's outDir, else build/lua. */
function luaFolder(flags: DecodeFlags, cwd: string): string {
    if (flags.build !== undefined) return path.resolve(cwd, flags.build);
    if (flags.project !== undefined) return loadProject(findConfig(cwd, flags.project)).outDir;
    try {
        return loadProject(findConfig(cwd)).outDir;
    } catch {
        // No firmware project here: the conventional folder, checked below.
        return path.resolve(cwd, "build/lua");
    }
}

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
async function decodeStream(input: NodeJS.ReadableStream, maps: LuaSourceMaps, counts: MapCounts): Promise<void> {
    let rest = "";
    input.setEncoding("utf8");
    for await (const chunk of input) {
        const text = rest + String(chunk);
        const end = text.lastIndexOf("\n") + 1;
        rest = text.slice(end);
        if (end > 0) process.stdout.write(maps.mapText(text.slice(0, end), counts));
    }
    if (rest !== "") process.stdout.write(maps.mapText(rest, counts));
}

async function decode(logFile: string, flags: DecodeFlags): Promise<void> {
    const cwd = process.cwd();
    const luaDir = luaFolder(flags, cwd);
    const shown = path.relative(cwd, luaDir) || ".";
    if (!fs.existsSync(luaDir) || !fs.statSync(luaDir).isDirectory()) {
        throw new UserError(`build folder not found: ${shown} (run \`luatos-ts build\` first, or pass --build <dir>)`);
    }
    const hasMaps = fs.readdirSync(luaDir, { recursive: true }).some(name => String(name).endsWith(".lua.map"));
    if (!hasMaps) {
        throw new UserError(`no source maps in ${shown}: decode needs the .lua.map files that \`luatos-ts build\` writes beside the Lua`);
    }
    const counts: MapCounts = { found: 0, mapped: 0 };
    if (logFile === "-") {
        await decodeStream(process.stdin, new LuaSourceMaps(luaDir, cwd), counts);
    } else {
        const log = readLog(logFile);
        const decoded = decodeLog(log.text, luaDir, cwd);
        Object.assign(counts, decoded.counts);
        process.stdout.write(Buffer.from(decoded.text, log.encoding));
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
