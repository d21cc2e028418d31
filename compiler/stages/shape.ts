import type ts from "typescript";
import type * as tstl from "typescript-to-lua";
import { EXTRA_DIR, isSourceMap, mappedLuaFile } from "../../common/build-layout.js";
import { extraFileCollides } from "../diagnostics.js";
import { createMainLuaPlugin } from "../main-lua-plugin.js";
import type { FirmwareProject } from "../project.js";
import type { BuildFiles } from "./files.js";

/**
 * The part of the shape stage that runs inside the compile stage: the TSTL
 * plugin that gives main.lua its LuatOS form (PROJECT, VERSION, `_G.sys`,
 * `sys.run()`), on the Lua syntax tree so source maps stay exact.
 */
export function mainLuaPlugin(project: FirmwareProject): tstl.Plugin {
    return createMainLuaPlugin({ mainFile: project.mainFile, project: project.name, version: project.version });
}

/** What goes into the Lua folder beside the compiled modules. */
export interface ShapeInputs {
    /** The toolkit's sys (Lua and source maps), added unless the app brings its own. */
    stdlib: BuildFiles;
    /** The app's `lib/` files, copied as they are. */
    extra: BuildFiles;
}

/** The Lua folder's complete contents. */
export interface ShapedOutput {
    files: BuildFiles;
    /** Lua files that came from the toolkit's stdlib (counted apart in the size report). */
    stdlibNames: ReadonlySet<string>;
    /** LTS2001 when a lib/ file has a compiled module's name. */
    diagnostics: ts.Diagnostic[];
}

/**
 * Shape stage: the compiled modules plus sys (the app's own sys.ts or
 * lib/sys.lua wins over the toolkit's) and the app's lib/ files. Pure.
 */
export function shape(compiled: BuildFiles, inputs: ShapeInputs): ShapedOutput {
    const files = new Map(compiled);
    const stdlibNames = new Set<string>();
    const diagnostics: ts.Diagnostic[] = [];
    for (const [name, data] of inputs.stdlib) {
        const lua = isSourceMap(name) ? mappedLuaFile(name) : name;
        if (compiled.has(lua) || inputs.extra.has(lua)) continue;
        files.set(name, data);
        if (name.endsWith(".lua")) stdlibNames.add(name);
    }
    for (const [name, data] of inputs.extra) {
        if (files.has(name)) {
            diagnostics.push(extraFileCollides(EXTRA_DIR, name));
            continue;
        }
        files.set(name, data);
    }
    return { files, stdlibNames, diagnostics };
}
