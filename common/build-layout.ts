/**
 * Where a build puts its files and what they are called: the Lua folder,
 * the script image, the size report, the marker that makes a folder the
 * build's own, the staging folder a build is written to first, module and
 * image names, and source-map names. Every part of the toolkit that reads
 * or writes build output takes these names from here.
 */
import * as path from "node:path";

/** Marks a folder as the build's own, so a later build may replace its contents. */
export const BUILD_MARKER = ".luatos-build";

/** Text of {@link BUILD_MARKER}. */
export const BUILD_MARKER_TEXT = "written by luatos-ts build; the next build replaces this folder\n";

/** Extra files copied as they are from `<project>/lib/` (a user's own sys.lua, data files). */
export const EXTRA_DIR = "lib";

/** The script image, beside the Lua folder (build/script.bin). */
export const IMAGE_FILE = "script.bin";

/** The size report, beside the Lua folder (build/size.json). */
export const SIZE_FILE = "size.json";

/** Default Lua folder of a project, relative to its config (build/lua). */
export const DEFAULT_OUT_DIR = "build/lua";

/** The file TSTL writes its runtime library to under `luaLibImport: require-minimal`. */
export const LUALIB_FILE = "lualib_bundle.lua";

/** Suffix of a Lua file's source map (`main.lua` → `main.lua.map`). */
export const SOURCE_MAP_SUFFIX = ".map";

/** The source map of a Lua file (`lib/conn.lua` → `lib/conn.lua.map`). */
export function sourceMapName(luaFile: string): string {
    return luaFile + SOURCE_MAP_SUFFIX;
}

/** Whether a build file is a Lua file's source map. */
export function isSourceMap(name: string): boolean {
    return name.endsWith(".lua" + SOURCE_MAP_SUFFIX);
}

/** The Lua file a source map belongs to (`main.lua.map` → `main.lua`). */
export function mappedLuaFile(mapName: string): string {
    return mapName.slice(0, -SOURCE_MAP_SUFFIX.length);
}

/** `lib/conn.lua` → `lib.conn`, the name `require` takes. */
export function moduleName(luaFile: string): string {
    return luaFile.replace(/\.lua$/, "").split("/").join(".");
}

/** `lib.conn.lua` (a module's flat name in the script image) → `lib/conn.lua`. */
export function imageNameToPath(name: string): string {
    return name.replace(/\.lua$/, "").split(".").join("/") + ".lua";
}

/** `lib/conn.lua` → `lib.conn.lua`, the name `require("lib.conn")` finds on a device. */
export function pathToImageName(name: string): string {
    return moduleName(name) + ".lua";
}

/** The folders and files of one project's build. */
export interface BuildLayout {
    /** The Lua folder (`outDir`, normally build/lua). */
    outDir: string;
    /** Folder of the build's artefacts: the parent of outDir (build/). */
    buildDir: string;
    /** build/script.bin. */
    imageFile: string;
    /** build/size.json. */
    sizeFile: string;
    /**
     * Where a build is written before it replaces the previous one: a
     * sibling of buildDir (`.build.staging/`), at the same depth so the
     * source maps' relative paths to the TypeScript sources hold in both.
     */
    stagingDir: string;
    /** The Lua folder inside the staging folder. */
    stagedOutDir: string;
}

/** The layout of a build whose Lua folder is `outDir`. */
export function buildLayout(outDir: string): BuildLayout {
    const resolved = path.resolve(outDir);
    const buildDir = path.dirname(resolved);
    const stagingDir = path.join(path.dirname(buildDir), `.${path.basename(buildDir)}.staging`);
    return {
        outDir: resolved,
        buildDir,
        imageFile: path.join(buildDir, IMAGE_FILE),
        sizeFile: path.join(buildDir, SIZE_FILE),
        stagingDir,
        stagedOutDir: path.join(stagingDir, path.relative(buildDir, resolved)),
    };
}
