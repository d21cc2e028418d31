/**
 * Test harness for firmware code: compiles TypeScript the way the build
 * does (the settings of tstl.json, against types/index.d.ts) and hands back
 * the Lua and the diagnostics, so tests can assert on both.
 *
 * Two levels:
 * - {@link compileFirmware}: in memory, fast, no files written. For type
 *   tests and emission tests of snippets.
 * - {@link writeFirmwareProject} + {@link buildProject} / {@link runCli}:
 *   a real firmware project in a temporary folder outside the repository
 *   (its tsconfig extends this repository's tstl.json), built with the
 *   real `build()` or the `luatos-ts` CLI. For main.lua conventions, exit
 *   codes, size.json.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "../../common/typescript.js";
import tstl from "../../common/typescript-to-lua.js";
import { build, type BuildResult } from "../../compiler/build.js";
import { formatDiagnostic } from "../../compiler/diagnostics.js";
import { LUALIB_FILE } from "../../compiler/emit.js";
import { createMainLuaPlugin } from "../../compiler/main-lua-plugin.js";

/** The repository root (where tstl.json and types/ live). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The toolkit's TSTL config for firmware. */
export const TSTL_CONFIG = path.join(REPO_ROOT, "tstl.json");
/** The single entry of the declarations. */
export const TYPES_ENTRY = path.join(REPO_ROOT, "types", "index.d.ts");
/** The CLI entry (what `npx luatos-ts` runs). */
export const CLI_BIN = path.join(REPO_ROOT, "bin", "luatos-ts.js");

/** Where in-memory firmware files live. The folder does not exist on disk. */
export const VIRTUAL_ROOT = path.join(path.parse(REPO_ROOT).root, "__firmware__");
const VIRTUAL_SRC = path.join(VIRTUAL_ROOT, "src");
const VIRTUAL_OUT = path.join(VIRTUAL_ROOT, "build", "lua");

export interface CompileOptions {
    /**
     * Shape main.ts with the build's main.lua plugin (PROJECT/VERSION,
     * `_G.sys = require("sys")`, `sys.run()` last). `true` uses
     * PROJECT "test" and VERSION "0.0.1" as the defaults.
     */
    mainLua?: boolean | { project: string; version: string };
    /** Compiler options laid over tstl.json's (for example `{ luaLibImport: "inline" }`). */
    compilerOptions?: tstl.CompilerOptions;
}

export interface CompileResult {
    /** Emitted Lua by file name relative to the Lua folder: `main.lua`, `lib/conn.lua`, `lualib_bundle.lua`. */
    lua: Record<string, string>;
    /** Errors and warnings as `src/main.ts:3:5 - error TS2345: message`, type check first, then emission. */
    diagnostics: string[];
    /** The same diagnostics, unformatted, for tests that need codes or positions. */
    raw: ts.Diagnostic[];
}

let parsedConfig: tstl.ParsedCommandLine | undefined;

/** tstl.json's compiler options (with its `tstl` section), parsed once. */
export function firmwareOptions(): tstl.CompilerOptions {
    parsedConfig ??= tstl.parseConfigFileWithSystem(TSTL_CONFIG);
    if (parsedConfig.errors.length > 0) {
        throw new Error(`tstl.json does not parse:\n${parsedConfig.errors.map(d => formatDiagnostic(d)).join("\n")}`);
    }
    return parsedConfig.options;
}

// Declaration and lib files are the same for every compile; parsing them is
// most of a compile's time, so they are shared between programs.
const sharedSourceFiles = new Map<string, ts.SourceFile>();

function createHost(options: ts.CompilerOptions, files: ReadonlyMap<string, string>): ts.CompilerHost {
    const host = ts.createCompilerHost(options, true);
    const isVirtualDir = (dir: string) => VIRTUAL_ROOT === dir || dir.startsWith(VIRTUAL_ROOT + path.sep);
    return {
        ...host,
        fileExists: f => files.has(f) || (!isVirtualDir(path.dirname(f)) && host.fileExists(f)),
        readFile: f => files.get(f) ?? host.readFile(f),
        directoryExists: d => isVirtualDir(d) || [...files.keys()].some(f => f.startsWith(d + path.sep)) || (host.directoryExists?.(d) ?? false),
        getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
            const text = files.get(fileName);
            if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
            const key = `${fileName}|${JSON.stringify(languageVersion)}`;
            let file = sharedSourceFiles.get(key);
            if (file === undefined) {
                file = host.getSourceFile(fileName, languageVersion, onError, shouldCreate);
                if (file !== undefined) sharedSourceFiles.set(key, file);
            }
            return file;
        },
        writeFile: () => {},
    };
}

/**
 * Compiles firmware source in memory with tstl.json's settings, against
 * types/index.d.ts, to Lua 5.3.
 *
 * @param source the text of `src/main.ts`, or several files by path
 *   relative to `src/` (`{ "main.ts": ..., "lib/conn.ts": ... }`).
 * @example
 * const { lua, diagnostics } = compileFirmware(`const so = socket.tcp();`);
 * expect(diagnostics).toEqual([]);
 * expect(lua["main.lua"]).toContain("socket.tcp()");
 */
export function compileFirmware(source: string | Record<string, string>, options: CompileOptions = {}): CompileResult {
    const sources = typeof source === "string" ? { "main.ts": source } : source;
    const files = new Map(Object.entries(sources).map(([name, text]) => [path.join(VIRTUAL_SRC, name), text]));
    const compilerOptions: tstl.CompilerOptions = {
        ...firmwareOptions(),
        rootDir: VIRTUAL_SRC,
        outDir: VIRTUAL_OUT,
        // main.lua requires sys, which the build supplies; TSTL must not look for it.
        noResolvePaths: ["sys"],
        ...options.compilerOptions,
    };
    const program = ts.createProgram({
        rootNames: [TYPES_ENTRY, ...files.keys()],
        options: compilerOptions,
        host: createHost(compilerOptions, files),
    });
    const raw: ts.Diagnostic[] = [...ts.getPreEmitDiagnostics(program)];
    const plugins: tstl.Plugin[] = [];
    if (options.mainLua !== undefined && options.mainLua !== false) {
        const identity = options.mainLua === true ? { project: "test", version: "0.0.1" } : options.mainLua;
        plugins.push(createMainLuaPlugin({ mainFile: path.join(VIRTUAL_SRC, "main.ts"), ...identity }));
    }
    const lua: Record<string, string> = {};
    const emitted = new tstl.Transpiler().emit({
        program,
        plugins,
        writeFile: (fileName, text) => {
            if (fileName.endsWith(".lua")) lua[path.relative(VIRTUAL_OUT, fileName).split(path.sep).join("/")] = text;
        },
    });
    raw.push(...emitted.diagnostics);
    return { lua, diagnostics: raw.map(d => formatDiagnostic(d, VIRTUAL_ROOT)), raw };
}

/** True when a compile shipped TSTL's runtime library. */
export function usesLualib(result: CompileResult): boolean {
    return result.lua[LUALIB_FILE] !== undefined;
}

export interface ProjectOptions {
    /** package.json of the project; `null` writes none. Default `{ name: "fw-test", version: "0.0.1" }`. */
    packageJson?: Record<string, unknown> | null;
    /** tsconfig.json of the project. Default `{ "extends": "<repo>/tstl.json" }`. */
    tsconfig?: Record<string, unknown>;
}

const tempProjects = new Set<string>();

/**
 * Writes a firmware project into a new temporary folder outside the
 * repository, the way a user's project elsewhere on disk looks: a
 * tsconfig.json extending the toolkit's tstl.json by absolute path, a
 * package.json, no node_modules.
 *
 * @param files file text by path relative to the project (`"src/main.ts"`).
 * @returns the project folder. Remove it with {@link removeTempProjects}.
 */
export function writeFirmwareProject(files: Record<string, string>, options: ProjectOptions = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-fw-"));
    tempProjects.add(dir);
    const all: Record<string, string> = {
        "tsconfig.json": JSON.stringify(options.tsconfig ?? { extends: TSTL_CONFIG }, null, 2),
        ...files,
    };
    const packageJson = options.packageJson === undefined ? { name: "fw-test", version: "0.0.1" } : options.packageJson;
    if (packageJson !== null) all["package.json"] = JSON.stringify(packageJson, null, 2);
    for (const [name, text] of Object.entries(all)) {
        const target = path.join(dir, name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
    }
    return dir;
}

/** Deletes every folder made by {@link writeFirmwareProject} (call it in `afterAll`). */
export function removeTempProjects(): void {
    for (const dir of tempProjects) fs.rmSync(dir, { recursive: true, force: true });
    tempProjects.clear();
}

/** Runs the real `build()` on a project folder, as `luatos-ts build` run there would. Throws what the build throws. */
export function buildProject(dir: string): BuildResult {
    return build({ cwd: dir });
}

/** Reads an emitted Lua file of a built project (`build/lua/<name>`). */
export function readLua(dir: string, name = "main.lua"): string {
    return fs.readFileSync(path.join(dir, "build", "lua", name), "utf8");
}

export interface CliResult {
    /** Exit code (`null` if killed by a signal). */
    code: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs the `luatos-ts` CLI as a child process in `cwd`: the same entry
 * `npx luatos-ts` runs, started with node directly because a project
 * outside the repository has no node_modules to find it in.
 */
export function runCli(args: readonly string[], cwd: string): Promise<CliResult> {
    return new Promise(resolve => {
        execFile(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
            resolve({ code, stdout, stderr });
        });
    });
}
