import * as path from "node:path";
import ts from "../common/typescript.js";
import tstl from "../common/typescript-to-lua.js";
import { LUALIB_FILE } from "../common/build-layout.js";
import { compactLua } from "./compact.js";

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
 *
 * @param sourceFiles only these files (and the Lua files they require);
 *   default every file of the program.
 */
export function emitToMemory(program: ts.Program, outDir: string, plugins: tstl.Plugin[] = [], sourceFiles?: readonly ts.SourceFile[]): EmitOutcome {
    const files: EmittedFile[] = [];
    const { diagnostics } = new tstl.Transpiler().emit({
        program,
        plugins,
        sourceFiles: sourceFiles === undefined ? undefined : [...sourceFiles],
        writeFile: (fileName, text) => {
            files.push({ name: path.relative(outDir, fileName).split(path.sep).join("/"), data: Buffer.from(text, "utf8") });
        },
    });
    return { files: compactAll(files), diagnostics };
}

/** The file TSTL writes its runtime library to under `luaLibImport: require-minimal`. */
export { LUALIB_FILE };

/** Applies {@link compactLua} to every Lua file, with its source map when there is one. */
function compactAll(files: EmittedFile[]): EmittedFile[] {
    const byName = new Map(files.map(f => [f.name, f]));
    const out: EmittedFile[] = [];
    for (const file of files) {
        if (file.name.endsWith(".lua.map")) continue;
        if (!file.name.endsWith(".lua")) {
            out.push(file);
            continue;
        }
        const mapFile = byName.get(file.name + ".map");
        const { lua, sourceMap } = compactLua(file.data.toString("utf8"), mapFile?.data.toString("utf8"));
        out.push({ name: file.name, data: Buffer.from(lua, "utf8") });
        if (mapFile !== undefined && sourceMap !== undefined) out.push({ name: mapFile.name, data: Buffer.from(sourceMap, "utf8") });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
}
