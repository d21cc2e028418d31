import type ts from "typescript";
import type * as tstl from "typescript-to-lua";
import { emitToMemory } from "../emit.js";
import { buildFiles, type BuildFiles } from "./files.js";

/** What the compile stage produced: Lua and source maps, and TSTL's diagnostics. */
export interface CompileOutput {
    files: BuildFiles;
    diagnostics: readonly ts.Diagnostic[];
}

/**
 * Compile stage: runs TypeScriptToLua on a checked program into memory,
 * with the given plugins (the shape stage's main.lua plugin), and removes
 * the printer's indentation (source maps shifted to match).
 *
 * @param outDir the config's Lua folder; file names are relative to it.
 */
export function compile(program: ts.Program, outDir: string, plugins: tstl.Plugin[] = []): CompileOutput {
    const { files, diagnostics } = emitToMemory(program, outDir, plugins);
    return { files: buildFiles(files), diagnostics };
}
