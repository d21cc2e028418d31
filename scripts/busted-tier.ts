/**
 * The busted tier of `npm test`: compiles the Lua-side specs (test/lua/,
 * TypeScript) with the firmware's TSTL settings, adds the toolkit's sys,
 * runs them with busted on native Lua 5.3 and reports failures at their
 * TypeScript file and line.
 *
 * As a script: `npx tsx scripts/busted-tier.ts` prints the report and exits
 * 1 when a spec failed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { pathToFileURL } from "node:url";
import ts from "../common/typescript.js";
import tstl from "../common/typescript-to-lua.js";
import { UserError } from "../common/user-error.js";
import { formatDiagnostic, hasErrors } from "../compiler/diagnostics.js";
import { compile } from "../compiler/stages/compile.js";
import { buildFiles, fileList } from "../compiler/stages/files.js";
import { shape } from "../compiler/stages/shape.js";
import { LuaSourceMaps } from "../compiler/source-maps.js";
import { compileStdlib } from "../compiler/stdlib.js";
import { findExecutable } from "../common/find-executable.js";

/** The project's root folder (this file is scripts/busted-tier.ts). */
const ROOT = TOOLKIT_ROOT;

/** What to install on Debian when the tier cannot run. */
export const INSTALL_HINT = "apt-get install -y lua5.3 lua-busted";

/** Marks the compiled-specs folder as this tier's own, so it may be replaced. */
const MARKER = ".busted-tier";

/** The outcome of the tier, in the counts `npm test` adds up. */
export interface BustedTierResult {
    passed: number;
    failed: number;
    /** Pending specs, or every spec when the tier could not run outside CI. */
    skipped: number;
    /** Human-readable summary, failures first with their TypeScript locations. */
    report: string;
}

export interface BustedTierOptions {
    /** Project root; paths in the report are relative to it. Default: the repository. */
    root?: string;
    /** The specs' TSTL config. Default: `<root>/test/lua/tsconfig.json`. */
    config?: string;
    /** Where the compiled specs go (replaced on every run). Default: `<root>/build/test-lua`. */
    outDir?: string;
    /** The Lua 5.3 interpreter (a name looked up in PATH, or a path). Default: `lua5.3`. */
    lua?: string;
    /** busted (a name looked up in PATH, or a path). Default: `busted`. */
    busted?: string;
    /** Environment: PATH for the look-ups, CI=true makes a missing interpreter a failure. Default: process.env. */
    env?: NodeJS.ProcessEnv;
}

/** One spec outcome as the tier's output handler writes it. */
interface BustedEntry {
    /** Full name: the describe blocks and the spec, space-separated. */
    name?: string;
    message?: string;
    /** Where the failure happened (Lua chunk name and line), else where the spec is. */
    file?: string;
    line?: number;
    traceback?: string;
}

interface BustedJson {
    successes: BustedEntry[];
    failures: BustedEntry[];
    errors: BustedEntry[];
    pendings: BustedEntry[];
}

/**
 * A busted output handler that writes one JSON line of plain strings and
 * numbers. busted's own `json` handler gives up silently (no output at all)
 * when a result holds a value dkjson cannot encode, as pending specs do.
 */
const OUTPUT_HANDLER = `local json = require("dkjson")
return function(options)
  local busted = require("busted")
  local handler = require("busted.outputHandlers.base")()
  local function entry(e)
    local t = e.trace or (e.element and e.element.trace) or {}
    local message = e.message
    if message ~= nil and type(message) ~= "string" then message = tostring(message) end
    return { name = e.name, message = message, file = t.short_src, line = t.currentline, traceback = t.traceback }
  end
  busted.subscribe({ "suite", "end" }, function()
    local out = {}
    for _, kind in ipairs({ "successes", "failures", "errors", "pendings" }) do
      local list = {}
      for i, e in ipairs(handler[kind]) do list[i] = entry(e) end
      out[kind] = list
    end
    io.write("\\n", json.encode(out), "\\n")
    io.flush()
    return nil, true
  end)
  return handler
end
`;

/** File name of {@link OUTPUT_HANDLER} in the compiled-specs folder. */
const HANDLER_FILE = "busted-tier-output.lua";

export { findExecutable };

/** Counts the `it(...)`/`test(...)` calls of the specs, to report them as skipped when busted cannot run. */
export function countSpecs(fileNames: readonly string[]): number {
    let count = 0;
    const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === "it" || node.expression.text === "test" || node.expression.text === "pending")) {
            count += 1;
        }
        ts.forEachChild(node, visit);
    };
    for (const file of fileNames) {
        if (file.endsWith(".d.ts")) continue;
        visit(ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true));
    }
    return count;
}

/** The spec files of a parsed config: what busted will load. */
function specFiles(parsed: tstl.ParsedCommandLine): string[] {
    return parsed.fileNames.filter(f => /[._]spec\.ts$/.test(f));
}

/**
 * Compiles the specs and their helpers with the config's TSTL settings into
 * `outDir`, with the toolkit's sys beside them. Throws a UserError listing
 * the diagnostics when they do not compile.
 */
export function compileSpecs(configPath: string, outDir: string, root: string): tstl.ParsedCommandLine {
    if (!fs.existsSync(configPath)) throw new UserError(`busted specs config not found: ${path.relative(root, configPath)}`);
    const parsed = tstl.parseConfigFileWithSystem(configPath);
    parsed.options.outDir = outDir;
    // sys comes from the stdlib (added by the shape stage), as for firmware; the fake C layer requires it.
    parsed.options.noResolvePaths = [...(parsed.options.noResolvePaths ?? []), "sys"];
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    // The build's own stages: compile (TSTL into memory), then shape (the toolkit's sys, unless the specs bring their own).
    const compiled = compile(program, outDir);
    const shaped = shape(compiled.files, { stdlib: buildFiles(compileStdlib()), extra: new Map() });
    const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...compiled.diagnostics, ...shaped.diagnostics];
    if (hasErrors(diagnostics)) {
        const errors = diagnostics.filter(d => d.category === ts.DiagnosticCategory.Error).map(d => formatDiagnostic(d, root));
        throw new UserError(`the busted specs do not compile:\n${errors.join("\n")}`);
    }
    if (fs.existsSync(outDir)) {
        const entries = fs.readdirSync(outDir);
        if (entries.length > 0 && !entries.includes(MARKER)) {
            throw new UserError(`${path.relative(root, outDir)} holds files the busted tier did not write (no ${MARKER} marker); move them away`);
        }
        fs.rmSync(outDir, { recursive: true, force: true });
    }
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, MARKER), "compiled busted specs; replaced on every run\n");
    fs.writeFileSync(path.join(outDir, HANDLER_FILE), OUTPUT_HANDLER);
    for (const file of fileList(shaped.files)) {
        const target = path.join(outDir, file.name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, file.data);
    }
    return parsed;
}

/** The busted command: Debian's busted is a Lua script, so run it on lua5.3 itself (busted --lua goes through a shell). */
function bustedCommand(lua: string, busted: string): { command: string; args: string[] } {
    const head = fs.readFileSync(busted, "utf8").slice(0, 200);
    if (/^#!.*\blua/.test(head) || /require\s*\(?\s*['"]busted/.test(head)) return { command: lua, args: [busted] };
    return { command: busted, args: [`--lua=${lua}`] };
}

/** Lua `file:line` of an entry, mapped to TypeScript where a source map covers it. */
function locate(entry: BustedEntry, maps: LuaSourceMaps): string {
    if (entry.file === undefined || entry.line === undefined || entry.line < 0) return "";
    const lua = `${entry.file.replace(/^\.\//, "")}:${entry.line}`;
    const found = maps.lookup(entry.file, entry.line);
    return found ? `${found.file}:${found.line} (${lua})` : lua;
}

function describeFailure(kind: string, entry: BustedEntry, maps: LuaSourceMaps): string {
    const where = locate(entry, maps);
    const lines = [`${kind} ${entry.name ?? "(unnamed)"}`];
    if (where !== "") lines.push(`    at ${where}`);
    // Errors (not assertion failures) come with a traceback worth reading.
    const text = kind === "ERROR" && entry.traceback ? `${entry.message ?? ""}\n${entry.traceback}` : (entry.message ?? "");
    for (const line of maps.mapText(text).split(/\r?\n/)) {
        if (line.trim() !== "") lines.push(`    ${line}`);
    }
    return lines.join("\n");
}

/** Reads busted's JSON report: the last line of stdout that is a JSON object. */
function parseBustedJson(stdout: string): BustedJson | undefined {
    const lines = stdout.split("\n").filter(l => l.startsWith("{"));
    for (const line of lines.reverse()) {
        try {
            const parsed = JSON.parse(line) as Partial<BustedJson>;
            return { successes: parsed.successes ?? [], failures: parsed.failures ?? [], errors: parsed.errors ?? [], pendings: parsed.pendings ?? [] };
        } catch {
            // not the report; keep looking
        }
    }
    return undefined;
}

/**
 * Runs the busted tier. Never throws for failing specs (they are counted);
 * throws a UserError when the specs do not compile.
 */
export async function runBustedTier(options: BustedTierOptions = {}): Promise<BustedTierResult> {
    const root = path.resolve(options.root ?? ROOT);
    const config = path.resolve(root, options.config ?? "test/lua/tsconfig.json");
    const outDir = path.resolve(root, options.outDir ?? "build/test-lua");
    const env = options.env ?? process.env;
    const parsed = compileSpecs(config, outDir, root);
    const total = countSpecs(specFiles(parsed));

    const luaName = options.lua ?? "lua5.3";
    const bustedName = options.busted ?? "busted";
    const lua = findExecutable(luaName, env);
    const busted = findExecutable(bustedName, env);
    if (lua === undefined || busted === undefined) {
        const missing = [lua === undefined ? luaName : undefined, busted === undefined ? bustedName : undefined].filter(Boolean).join(" and ");
        const hint = `busted tier: ${missing} not found; install with: ${INSTALL_HINT}`;
        if (env.CI === "true") {
            return { passed: 0, failed: Math.max(total, 1), skipped: 0, report: `${hint}\nCI=true: a missing Lua interpreter is a failure (${total} specs not run)` };
        }
        return { passed: 0, failed: 0, skipped: total, report: `${hint}\nskipped ${total} specs` };
    }

    const { command, args } = bustedCommand(lua, busted);
    const lpath = [path.join(outDir, "?.lua"), path.join(outDir, "?", "init.lua")].join(";");
    const result = spawnSync(command, [...args, `--output=${path.join(outDir, HANDLER_FILE)}`, "--pattern=_spec%.lua$", `--lpath=${lpath}`, "--cpath=", "."], {
        cwd: outDir,
        env: { ...env, LUA_PATH: undefined, LUA_INIT: undefined },
        encoding: "utf8",
        timeout: 300_000,
    });
    const maps = new LuaSourceMaps(outDir, root);
    const report = result.error === undefined ? parseBustedJson(result.stdout) : undefined;
    if (report === undefined) {
        const output = maps.mapText(`${result.error?.message ?? ""}\n${result.stdout}\n${result.stderr}`.trim());
        return { passed: 0, failed: Math.max(total, 1), skipped: 0, report: `busted did not report (exit ${result.status}):\n${output}` };
    }

    const lines: string[] = [];
    for (const entry of report.failures) lines.push(describeFailure("FAIL", entry, maps));
    for (const entry of report.errors) lines.push(describeFailure("ERROR", entry, maps));
    const passed = report.successes.length;
    const failed = report.failures.length + report.errors.length;
    const skipped = report.pendings.length;
    lines.push(`busted (${path.basename(lua)}): ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} pending` : ""}`);
    return { passed, failed, skipped, report: lines.join("\n") };
}

// Run as a script: print the report, exit 1 when anything failed.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
    runBustedTier().then(
        result => {
            console.log(result.report);
            process.exitCode = result.failed > 0 ? 1 : 0;
        },
        (error: unknown) => {
            console.error(error instanceof UserError ? error.message : error);
            process.exitCode = 1;
        },
    );
}
