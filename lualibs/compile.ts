import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
// Through common/: an ESM import of these CommonJS packages costs a second of export scanning per run.
import ts from "../common/typescript.js";
import tstl from "../common/typescript-to-lua.js";

/** The toolkit's Lua libraries for today's firmware (libnet, netclient-compat), written in TypeScript. */
/** The library sources (TypeScript), also when the toolkit runs from dist/. */
export const LUALIBS_DIR = path.join(TOOLKIT_ROOT, "lualibs");

/** The file TSTL writes its runtime library to: the libraries must not need it. */
const LUALIB_BUNDLE = "lualib_bundle.lua";

/** One compiled library. */
export interface LuaLibrary {
    /** The module name `require` takes (`libnet`, `netclient-compat`). */
    module: string;
    /** File name in a script folder (`libnet.lua`). */
    file: string;
    /** The Lua source. */
    lua: string;
}

let cache: { key: string; libraries: LuaLibrary[] } | undefined;

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${path.relative(LUALIBS_DIR, diagnostic.file.fileName)}:${line + 1}:${character + 1}: ${message}`;
}

/**
 * Compiles lualibs/ to Lua, one module per source file, in memory (cached
 * while the sources are unchanged). Throws when a library does not compile or
 * needs TSTL's lualib: these files are copied alone into a device's script
 * folder.
 */
export function compileLuaLibraries(): LuaLibrary[] {
    const parsed = tstl.parseConfigFileWithSystem(path.join(LUALIBS_DIR, "tsconfig.json"));
    const key = parsed.fileNames.map(f => `${f}:${fs.statSync(f).mtimeMs}`).join("|");
    if (cache?.key === key) return cache.libraries;
    const options = parsed.options;
    const program = ts.createProgram({ rootNames: parsed.fileNames, options });
    const emitted = new Map<string, string>();
    const outDir = path.resolve(options.outDir ?? path.join(LUALIBS_DIR, "out"));
    const { diagnostics } = new tstl.Transpiler().emit({
        program,
        writeFile: (fileName, text) => emitted.set(path.relative(outDir, fileName).split(path.sep).join("/"), text),
    });
    const errors = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...diagnostics].filter(d => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) throw new Error(`the toolkit's Lua libraries do not compile:\n${errors.map(formatDiagnostic).join("\n")}`);
    if (emitted.has(LUALIB_BUNDLE)) throw new Error("the toolkit's Lua libraries need TSTL's lualib; they must be written without lualib features");
    const libraries = [...emitted]
        .filter(([name]) => name.endsWith(".lua"))
        .map(([file, lua]) => ({ module: file.slice(0, -".lua".length), file, lua }))
        .sort((a, b) => a.module.localeCompare(b.module));
    cache = { key, libraries };
    return libraries;
}

/** Writes the compiled libraries into a script folder (`libnet.lua`, `netclient-compat.lua`); returns the files written. */
export function writeLuaLibraries(dir: string): string[] {
    return compileLuaLibraries().map(library => {
        const file = path.join(dir, library.file);
        fs.writeFileSync(file, library.lua);
        return file;
    });
}
