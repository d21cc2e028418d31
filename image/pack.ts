import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../common/user-error.js";
import { getBoard, type BoardProfile } from "./boards.js";
import { compileForBoard, findLuac } from "./luac.js";
import { dumpLua32 } from "./lua-dump.js";
import { checkLuaSyntax } from "./lua-syntax.js";
import { readInputFile } from "./user-files.js";
import { LUADB_MAX_FILES, LUADB_MAX_NAME_BYTES, LUADB_MD5_FILE, writeLuaDb } from "./luadb.js";

/*
 * How build files become image names. LuaDB is flat: no folders, one name
 * per file. LuatOS's `require(name)` does not turn dots into slashes: it
 * formats the module name as it is into `/%s.luac`, `/%s.lua`,
 * `/luadb/%s.luac`, `/luadb/%s.lua` (lua/src/loadlib.c, luat_search_module),
 * and the LuaDB file system compares what follows the mount point with each
 * stored name. TSTL emits `require("lib.conn")` for build/lua/lib/conn.lua, so
 * that file must be stored as `lib.conn.lua`. Rule: a Lua file's path has
 * every `/` replaced by `.`; other files keep their name and must sit at the
 * top of the build folder (the device opens them as /luadb/<name>).
 */

/** Files of the build folder that never go into the image (the marker is compiler/build.ts BUILD_MARKER; not imported, so packing does not load the compiler). */
const BUILD_MARKER = ".luatos-build";
const SOURCE_MAP_SUFFIX = ".lua.map";

export interface PackOptions {
    /** Board name (air640w, air302, air101, esp32) or profile. Default air640w. */
    board?: string | BoardProfile;
    /**
     * Compile every Lua module to stripped bytecode (`luac -s`), stored as
     * `<name>.luac`. `true`: on a board with 32-bit numbers the built-in
     * writer (image/lua-dump.ts), elsewhere luac5.3 or luac on PATH; a string
     * is the luac to run (checked against the board).
     */
    luac?: boolean | string;
    /** Return an image larger than the script area (with `fits: false`) instead of failing. */
    allowOversize?: boolean;
}

/** One file in a packed image. */
export interface PackEntry {
    /** Name in the image. */
    name: string;
    /** Bytes stored in the image. */
    size: number;
    /** Path of the file it came from, relative to the build folder. */
    source: string;
}

export interface PackResult {
    /** The LuaDB image (Luatools style; with the MD5 record when the board's tooling adds one). */
    image: Buffer;
    /** The files in image order (the MD5 record not included). */
    entries: PackEntry[];
    board: BoardProfile;
    /** Whether the image fits the board's script area. */
    fits: boolean;
    /** The board's script area in bytes. */
    limit: number;
}

function isLua(file: string): boolean {
    return file.endsWith(".lua") || file.endsWith(".luac");
}

/** The image name of a build file (see the rule above). */
export function imageName(relativePath: string): string {
    return isLua(relativePath) ? relativePath.split("/").join(".") : relativePath;
}

/** Every file of the build folder that belongs in the image, as paths relative to it with `/`. */
export function collectBuildFiles(luaDir: string): string[] {
    if (!fs.existsSync(luaDir) || !fs.statSync(luaDir).isDirectory()) {
        throw new UserError(`build folder ${luaDir} does not exist; run \`npx luatos-ts build\` first`);
    }
    const files: string[] = [];
    for (const entry of fs.readdirSync(luaDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const relative = path.relative(luaDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
        if (relative === BUILD_MARKER || relative.endsWith(SOURCE_MAP_SUFFIX)) continue;
        files.push(relative);
    }
    if (!files.includes("main.lua") && !files.includes("main.luac")) {
        throw new UserError(`build folder ${luaDir} has no main.lua; run \`npx luatos-ts build\` first`);
    }
    return files;
}

/** Reads one build file; unreadable or over 2 GiB is a UserError rather than Node's own error. */
function readBuildFile(luaDir: string, relative: string): Buffer {
    return readInputFile(path.join(luaDir, relative), "build file", path.join(luaDir, relative));
}

/** `require("sys")`, `require "sys"` or `require 'sys'` in Lua source. */
const REQUIRES_SYS = /\brequire\s*\(?\s*["']sys["']/;

interface Planned {
    source: string;
    name: string;
}

/** Maps build files to image names and rejects everything the device could not use, naming every offender. */
function planNames(files: readonly string[], board: BoardProfile, bytecode: boolean): Planned[] {
    const planned = files.map(source => {
        const name = imageName(source);
        return { source, name: bytecode && name.endsWith(".lua") ? `${name}c` : name };
    });
    const nested = planned.filter(p => !isLua(p.source) && p.source.includes("/"));
    if (nested.length > 0) {
        throw new UserError(
            `the script image has no folders, so these data files cannot keep their path: ${nested.map(p => p.source).join(", ")}; ` +
                "put them directly in the project's lib/ folder (the device opens them as /luadb/<name>)",
        );
    }
    const tooLong = planned.filter(p => Buffer.byteLength(p.name) > LUADB_MAX_NAME_BYTES);
    if (tooLong.length > 0) {
        throw new UserError(
            `image names longer than ${LUADB_MAX_NAME_BYTES} bytes: ` +
                tooLong.map(p => `${p.name} (${Buffer.byteLength(p.name)} bytes, from ${p.source})`).join(", ") +
                "; shorten the module or file names",
        );
    }
    const longModules = planned.filter(p => isLua(p.name) && Buffer.byteLength(p.name.replace(/\.luac?$/, "")) > board.maxModuleNameBytes);
    if (longModules.length > 0) {
        throw new UserError(
            `${board.name} firmware handles module names of at most ${board.maxModuleNameBytes} bytes in require(); too long: ` +
                longModules.map(p => `${p.name.replace(/\.luac?$/, "")} (from ${p.source})`).join(", "),
        );
    }
    const byName = new Map<string, string[]>();
    for (const p of planned) byName.set(p.name, [...(byName.get(p.name) ?? []), p.source]);
    const collisions = [...byName].filter(([, sources]) => sources.length > 1);
    if (collisions.length > 0) {
        throw new UserError(
            `these build files would share an image name: ${collisions.map(([name, sources]) => `${name} <- ${sources.join(" and ")}`).join("; ")}; rename one of each`,
        );
    }
    const reserved = planned.find(p => p.name === LUADB_MD5_FILE);
    if (reserved) throw new UserError(`${reserved.source}: the name ${LUADB_MD5_FILE} is reserved for the image's MD5 record`);
    const count = planned.length + (board.md5Trailer ? 1 : 0);
    if (count > LUADB_MAX_FILES) {
        throw new UserError(`the image would hold ${count} files${board.md5Trailer ? " (with the MD5 record)" : ""}; the firmware mounts at most ${LUADB_MAX_FILES}`);
    }
    // main first, then by name, so images are reproducible and easy to read.
    const isMain = (p: Planned) => p.name === "main.lua" || p.name === "main.luac";
    return planned.sort((a, b) => Number(isMain(b)) - Number(isMain(a)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Packs a build folder (build/lua) into a LuaDB image for a board: main.lua,
 * the other modules (lib/conn.lua stored as lib.conn.lua, see the naming rule
 * above), sys, lualib and extra files; not source maps or the build marker.
 * Everything is validated before the image is built; an image larger than the
 * board's script area is a {@link UserError} with both sizes unless
 * `allowOversize` is set.
 */
export function packBuild(luaDir: string, options: PackOptions = {}): PackResult {
    const board = typeof options.board === "object" ? options.board : getBoard(options.board ?? "air640w");
    const bytecode = options.luac !== undefined && options.luac !== false;
    const plan = planNames(collectBuildFiles(luaDir), board, bytecode);
    // A 32-bit board without a luac named: the built-in writer (image/lua-dump.ts); a named luac (--luac-path) is checked and used as before.
    const builtIn = bytecode && typeof options.luac !== "string" && board.integerBytes === 4 && board.numberBytes === 4;
    const luac = bytecode && !builtIn ? findLuac(board, typeof options.luac === "string" ? options.luac : undefined) : undefined;
    const sources = plan.map(p => ({ ...p, data: readBuildFile(luaDir, p.source) }));
    // A script that does not parse would only fail on the device, after flashing: refuse it here, naming file and line.
    checkLuaSyntax(sources.map(s => ({ name: s.source, data: s.data })));
    const files = sources.map(p => {
        const compiled = !p.source.endsWith(".lua")
            ? p.data
            : luac !== undefined
              ? compileForBoard(luac, board, p.data, p.source)
              : builtIn
                ? dumpLua32(p.data, "@/" + p.name.replace(/c$/, ""), "all")
                : p.data;
        return { name: p.name, data: compiled, source: p.source };
    });
    if (!board.embedsSys && !files.some(f => f.name === "sys.lua" || f.name === "sys.luac")) {
        const user = sources.find(p => p.source.endsWith(".lua") && REQUIRES_SYS.test(p.data.toString("utf8")));
        if (user) {
            throw new UserError(`${user.source} requires sys, but ${board.name} firmware has no built-in sys and the build folder has no sys.lua; rebuild with \`npx luatos-ts build\`, which adds it`);
        }
    }
    const image = writeLuaDb(files, { md5Trailer: board.md5Trailer });
    const fits = image.length <= board.scriptAreaBytes;
    if (!fits && options.allowOversize !== true) {
        throw new UserError(
            `the script image is ${image.length} bytes but ${board.name}'s script area holds ${board.scriptAreaBytes} bytes ` +
                `(${image.length - board.scriptAreaBytes} bytes too many); make the app smaller`,
        );
    }
    return {
        image,
        entries: files.map(f => ({ name: f.name, size: f.data.length, source: f.source })),
        board,
        fits,
        limit: board.scriptAreaBytes,
    };
}

/** The image's size against the board's script area, for the build's size report. */
export interface ImageSizeReport {
    /** Bytes of the plain-source image build/lua would pack into. */
    bytes: number;
    /** The board's script area in bytes. */
    limit: number;
    /** Board name. */
    board: string;
}

/** Packs build/lua in memory (plain source, never failing on size) and reports its size against the board's limit. */
export function imageSizeReport(luaDir: string, board: string = "air640w"): ImageSizeReport {
    const result = packBuild(luaDir, { board, allowOversize: true });
    return { bytes: result.image.length, limit: result.limit, board: result.board.name };
}
