import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "../common/typescript.js";
import tstl from "../common/typescript-to-lua.js";
import { LUALIB_FILE } from "../common/build-layout.js";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { formatDiagnostic, hasErrors } from "./diagnostics.js";
import { emitToMemory, type EmittedFile } from "./emit.js";

/** The toolkit's Lua-side library (sys), written in TypeScript. */
export const STDLIB_DIR = path.join(TOOLKIT_ROOT, "stdlib");

/** The toolkit's folder. */
const TOOLKIT_DIR = TOOLKIT_ROOT;

/** Where compiled stdlib is kept between runs: the usual cache folder of a Node package. */
export const STDLIB_CACHE_DIR = path.join(TOOLKIT_DIR, "node_modules", ".cache", "luatos-ts");

/** The last compiled stdlib, its cache key, and the stamps of the files the key was computed from. */
let memory: { key: string; files: EmittedFile[]; stamps: string; fileNames: readonly string[] } | undefined;

/** The files {@link stampsOf} covers: those the cache key hashes, the config stdlib's extends, and stdlib/ itself. */
function stampedFiles(configPath: string, fileNames: readonly string[]): string[] {
    const compilerDir = path.join(TOOLKIT_ROOT, "compiler");
    return [configPath, path.join(TOOLKIT_ROOT, "tstl.json"), STDLIB_DIR, ...fileNames, path.join(compilerDir, "emit.ts"), path.join(compilerDir, "compact.ts")];
}

/**
 * Modification time and size of each file (and of stdlib/ itself, which
 * changes when a file is added or removed): while these hold, the cache
 * key computed from the files' contents holds too, so a build in the same
 * process (watch mode) skips parsing the config and hashing the sources.
 */
function stampsOf(files: readonly string[]): string {
    return files
        .map(file => {
            try {
                const stat = fs.statSync(file);
                return `${file}:${stat.mtimeMs}:${stat.size}`;
            } catch {
                return `${file}:missing`;
            }
        })
        .join("\n");
}

/**
 * What the compiled stdlib depends on: its sources and config, the
 * compiler code that emits and compacts it, and the TypeScript and TSTL
 * versions. Any change gives a new key, so a stale cache is never used.
 */
function cacheKey(configPath: string, fileNames: readonly string[]): string {
    const hash = createHash("sha256");
    // The TypeScript sources, also when the toolkit runs from dist/.
    const compilerDir = path.join(TOOLKIT_ROOT, "compiler");
    for (const file of [configPath, ...fileNames, path.join(compilerDir, "emit.ts"), path.join(compilerDir, "compact.ts")].sort()) {
        hash.update(file).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    hash.update(ts.version).update(tstl.version ?? "");
    return hash.digest("hex").slice(0, 32);
}

function readCache(file: string): EmittedFile[] | undefined {
    try {
        const entries = JSON.parse(fs.readFileSync(file, "utf8")) as { name: string; data: string }[];
        return entries.map(e => ({ name: e.name, data: Buffer.from(e.data, "base64") }));
    } catch {
        return undefined;
    }
}

function writeCache(file: string, files: readonly EmittedFile[]): void {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, JSON.stringify(files.map(f => ({ name: f.name, data: f.data.toString("base64") }))));
        fs.renameSync(temporary, file);
    } catch {
        // A read-only install: compile again next time.
    }
}

/**
 * Compiles stdlib/ (the project's own sys) to Lua. Its modules must need
 * no lualib: they are loaded on every device, even by firmware that uses
 * no lualib feature. The result is kept in memory (watch mode) and in
 * {@link STDLIB_CACHE_DIR} keyed by everything it depends on, so a build
 * creates one TypeScript program, the firmware's, not a second for sys.
 */
export function compileStdlib(): EmittedFile[] {
    const configPath = path.join(STDLIB_DIR, "tsconfig.json");
    if (memory !== undefined && stampsOf(stampedFiles(configPath, memory.fileNames)) === memory.stamps) return memory.files;
    const parsed = tstl.parseConfigFileWithSystem(configPath);
    const stamps = stampsOf(stampedFiles(configPath, parsed.fileNames));
    const key = cacheKey(configPath, parsed.fileNames);
    if (memory?.key === key) {
        memory = { ...memory, stamps, fileNames: parsed.fileNames };
        return memory.files;
    }
    const cacheFile = path.join(STDLIB_CACHE_DIR, `stdlib-${key}.json`);
    const cached = readCache(cacheFile);
    if (cached !== undefined) {
        memory = { key, files: cached, stamps, fileNames: parsed.fileNames };
        return cached;
    }
    const outDir = path.resolve(parsed.options.outDir ?? path.join(STDLIB_DIR, "out"));
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
    const { files, diagnostics: emitDiagnostics } = emitToMemory(program, outDir);
    diagnostics.push(...emitDiagnostics);
    if (hasErrors(diagnostics)) {
        throw new Error(`the toolkit's stdlib does not compile:\n${diagnostics.map(d => formatDiagnostic(d)).join("\n")}`);
    }
    const lua = files.filter(f => f.name.endsWith(".lua") || f.name.endsWith(".lua.map"));
    if (lua.some(f => f.name === LUALIB_FILE)) {
        throw new Error("the toolkit's stdlib needs lualib; it must be written without lualib features");
    }
    memory = { key, files: lua, stamps, fileNames: parsed.fileNames };
    writeCache(cacheFile, lua);
    return lua;
}
