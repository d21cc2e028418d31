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

/** The module that gives today's firmware the 2021 netclient API (lualibs/netclient-compat.ts). */
export const NETCLIENT_COMPAT = "netclient-compat";

/** A call of a 2021 netclient function that today's firmware does not have. */
const NETCLIENT_2021_CALL = /\bsocket\s*\.\s*(?:tcp|udp|tsend|ntpSync|isReady|ip)\s*\(/;

/**
 * For firmware written against the 2021 socket API and built for a board of
 * today's generation: main.lua loads the compatibility module before
 * anything else runs. The require goes at the end of main.lua's first line,
 * so every line number (and the source maps) stays as it was.
 */
function loadCompatFirst(files: Map<string, Buffer>, libraries: ReadonlyMap<string, Buffer>): void {
    if (!libraries.has(NETCLIENT_COMPAT)) return;
    const main = files.get("main.lua");
    if (main === undefined) return;
    const lua = [...files].filter(([name]) => name.endsWith(".lua")).map(([, data]) => data.toString("utf8"));
    if (!lua.some(source => NETCLIENT_2021_CALL.test(source)) || lua.some(source => requiresModule(source, NETCLIENT_COMPAT))) return;
    const text = main.toString("utf8");
    const end = text.indexOf("\n");
    const first = end < 0 ? text : text.slice(0, end);
    // A first line ending in a comment would swallow the require: put it on its own line then (only then do lines shift).
    const patched = first.includes("--") ? `require("${NETCLIENT_COMPAT}")\n${text}` : `${first}; require("${NETCLIENT_COMPAT}")${end < 0 ? "" : text.slice(end)}`;
    files.set("main.lua", Buffer.from(patched));
}

/**
 * Shape stage: the compiled modules plus sys (the app's own sys.ts or
 * lib/sys.lua wins over the toolkit's; none for firmware with sys built in,
 * whose stdlib input is empty), the toolkit's Lua libraries the firmware
 * requires (for today's boards, `netclient-compat` whenever the firmware
 * calls the 2021 socket API), and the app's lib/ files. Pure.
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
    loadCompatFirst(files, inputs.libraries ?? new Map());
    for (const [name, data] of requiredLibraries(files, inputs.libraries ?? new Map())) {
        files.set(name, data);
        stdlibNames.add(name);
    }
    return { files, stdlibNames, diagnostics };
}
