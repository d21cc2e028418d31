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
    /**
     * The toolkit's Lua libraries for the board's generation, by module
     * name (`libnet` → `libnet.lua`); each is added only when a Lua file of
     * the build requires it and the build has no file of that name.
     */
    libraries?: ReadonlyMap<string, Buffer>;
}

/** The Lua folder's complete contents. */
export interface ShapedOutput {
    files: BuildFiles;
    /** Lua files that came from the toolkit's stdlib or its Lua libraries (counted apart in the size report). */
    stdlibNames: ReadonlySet<string>;
    /** LTS2001 when a lib/ file has a compiled module's name. */
    diagnostics: ts.Diagnostic[];
}

/** `require("name")`, `require "name"` or `require 'name'` in Lua source. */
function requiresModule(lua: string, module: string): boolean {
    const name = module.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
    return new RegExp(`\\brequire\\s*\\(?\\s*["']${name}["']`).test(lua);
}

/**
 * The toolkit's libraries the files require, directly or through another
 * library, and that the build does not already hold.
 */
function requiredLibraries(files: ReadonlyMap<string, Buffer>, libraries: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
    const added = new Map<string, Buffer>();
    const sources = [...files].filter(([name]) => name.endsWith(".lua")).map(([, data]) => data.toString("utf8"));
    for (let i = 0; i < sources.length; i++) {
        for (const [module, data] of libraries) {
            const file = `${module}.lua`;
            if (added.has(file) || files.has(file) || !requiresModule(sources[i]!, module)) continue;
            added.set(file, data);
            sources.push(data.toString("utf8"));
        }
    }
    return added;
}

/**
 * Shape stage: the compiled modules plus sys (the app's own sys.ts or
 * lib/sys.lua wins over the toolkit's; none for firmware with sys built in,
 * whose stdlib input is empty), the toolkit's Lua libraries the firmware
 * requires, and the app's lib/ files. Pure.
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
    for (const [name, data] of requiredLibraries(files, inputs.libraries ?? new Map())) {
        files.set(name, data);
        stdlibNames.add(name);
    }
    return { files, stdlibNames, diagnostics };
}
