import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import * as tstl from "typescript-to-lua";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { formatDiagnostic, hasErrors } from "./diagnostics.js";
import { emitToMemory, type EmittedFile, LUALIB_FILE } from "./emit.js";

/** The toolkit's Lua-side library (sys), written in TypeScript. */
export const STDLIB_DIR = path.join(TOOLKIT_ROOT, "stdlib");

let cache: { key: string; files: EmittedFile[] } | undefined;

function sourceKey(files: string[]): string {
    return files.map(f => `${f}:${fs.statSync(f).mtimeMs}`).join("|");
}

/**
 * Compiles stdlib/ (the project's own sys) to Lua. The result is cached in
 * memory for watch mode. Its modules must need no lualib: they are loaded
 * on every device, even by firmware that uses no lualib feature.
 */
export function compileStdlib(): EmittedFile[] {
    const configPath = path.join(STDLIB_DIR, "tsconfig.json");
    const parsed = tstl.parseConfigFileWithSystem(configPath);
    const key = sourceKey(parsed.fileNames);
    if (cache?.key === key) return cache.files;
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
    cache = { key, files: lua };
    return lua;
}
