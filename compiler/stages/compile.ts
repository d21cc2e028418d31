import type ts from "typescript";
import type * as tstl from "typescript-to-lua";
import { LUALIB_FILE } from "../../common/build-layout.js";
import { emitToMemory } from "../emit.js";
import { buildFiles, type BuildFiles } from "./files.js";

/** What the compile stage produced: Lua and source maps, and TSTL's diagnostics. */
export interface CompileOutput {
    files: BuildFiles;
    diagnostics: readonly ts.Diagnostic[];
    /** True when only the affected files were transpiled and the others came from the previous output. */
    partial: boolean;
}

/**
 * A compile that may reuse the previous one (watch mode): the previous
 * output, and the source files whose output may differ from it: the files
 * that changed and those TypeScript found depending on a declaration that
 * changed.
 */
export interface PreviousCompile {
    files: BuildFiles;
    affected: readonly ts.SourceFile[];
}

/**
 * Compile stage: runs TypeScriptToLua on a checked program into memory,
 * with the given plugins (the shape stage's main.lua plugin), and removes
 * the printer's indentation (source maps shifted to match).
 *
 * With `previous`, only the affected files are transpiled and merged into
 * the previous output, unless TSTL's runtime library is involved: its
 * minimal bundle depends on what every file uses, so then every file is
 * transpiled again. The result is the same as a full compile.
 *
 * @param outDir the config's Lua folder; file names are relative to it.
 */
export function compile(program: ts.Program, outDir: string, plugins: tstl.Plugin[] = [], previous?: PreviousCompile): CompileOutput {
    if (previous !== undefined && !previous.files.has(LUALIB_FILE)) {
        const some = emitToMemory(program, outDir, plugins, previous.affected);
        if (!some.files.some(f => f.name === LUALIB_FILE)) {
            const files = new Map(previous.files);
            for (const file of some.files) files.set(file.name, file.data);
            return { files, diagnostics: some.diagnostics, partial: true };
        }
    }
    const { files, diagnostics } = emitToMemory(program, outDir, plugins);
    return { files: buildFiles(files), diagnostics, partial: false };
}
