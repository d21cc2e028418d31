/**
 * The reference firmware (src/) compiled the way `luatos-ts build` compiles
 * it (same config, emitter and main.lua plugin, plus the toolkit's sys),
 * kept in memory so tests do not touch build/.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "../../common/typescript.js";
import { formatDiagnostic, hasErrors } from "../../compiler/diagnostics.js";
import { emitToMemory } from "../../compiler/emit.js";
import { createMainLuaPlugin } from "../../compiler/main-lua-plugin.js";
import { createProgram, loadProject } from "../../compiler/project.js";
import { compileStdlib } from "../../compiler/stdlib.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let cached: Record<string, Buffer> | undefined;

/** The firmware's Lua files by name (`lib/line-buffer.lua`, `main.lua`, `sys.lua`), without source maps. */
export function compileReferenceFirmware(): Record<string, Buffer> {
    if (cached !== undefined) return cached;
    const project = loadProject(path.join(ROOT, "tstl.json"));
    const program = createProgram(project);
    const plugin = createMainLuaPlugin({ mainFile: project.mainFile, project: project.name, version: project.version });
    const { files, diagnostics } = emitToMemory(program, project.outDir, [plugin]);
    const all = [...ts.getPreEmitDiagnostics(program), ...diagnostics];
    if (hasErrors(all)) throw new Error(`src/ does not compile:\n${all.map(d => formatDiagnostic(d, ROOT)).join("\n")}`);
    const out: Record<string, Buffer> = {};
    for (const file of [...compileStdlib(), ...files]) {
        if (file.name.endsWith(".lua")) out[file.name] = file.data;
    }
    cached = out;
    return out;
}
