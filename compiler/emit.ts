import * as path from "node:path";
import ts from "typescript";
import * as tstl from "typescript-to-lua";

/** One emitted file, held in memory until the whole build has been checked. */
export interface EmittedFile {
    /** Path relative to the output folder, with forward slashes (`lib/conn.lua`). */
    name: string;
    /** The file's bytes (UTF-8 for emitted Lua; as found for extra files). */
    data: Buffer;
}

export interface EmitOutcome {
    files: EmittedFile[];
    diagnostics: readonly ts.Diagnostic[];
}

/**
 * Runs TSTL on a program and keeps the output in memory, so nothing is
 * written unless the whole build succeeds.
 */
export function emitToMemory(program: ts.Program, outDir: string, plugins: tstl.Plugin[] = []): EmitOutcome {
    const files: EmittedFile[] = [];
    const { diagnostics } = new tstl.Transpiler().emit({
        program,
        plugins,
        writeFile: (fileName, text) => {
            files.push({ name: path.relative(outDir, fileName).split(path.sep).join("/"), data: Buffer.from(text, "utf8") });
        },
    });
    files.sort((a, b) => a.name.localeCompare(b.name));
    return { files, diagnostics };
}

/** The file TSTL writes its runtime library to under `luaLibImport: require-minimal`. */
export const LUALIB_FILE = "lualib_bundle.lua";
