import { BUILD_MARKER, isSourceMap } from "../../common/build-layout.js";
import { UserError } from "../../common/user-error.js";
import type { BoardProfile, LuaForm } from "../../image/boards.js";
import { dumpLua32 } from "../../image/lua-dump.js";
import { LUADB_MAX_FILES, LUADB_MAX_NAME_BYTES, LUADB_MD5_FILE, writeLuaDb } from "../../image/luadb.js";
import { imageName, type PackResult } from "../../image/pack.js";
import type { BuildFiles } from "./files.js";

/** `require("sys")`, `require "sys"` or `require 'sys'` in Lua source. */
const REQUIRES_SYS = /\brequire\s*\(?\s*["']sys["']/;

const isLua = (name: string) => name.endsWith(".lua") || name.endsWith(".luac");

/** Bytecode of recent packs by chunk name, strip mode and source: a watch-mode rebuild compiles only the files that changed. */
const bytecodeCache = new Map<string, Buffer>();
/** Entries kept; past it the cache starts afresh (a project has tens of files, not thousands). */
const BYTECODE_CACHE_ENTRIES = 512;

function cachedDump(source: Buffer, chunkName: string, strip: "keep-lines" | "all"): Buffer {
    const key = `${strip}\0${chunkName}\0${source.toString("latin1")}`;
    const cached = bytecodeCache.get(key);
    if (cached !== undefined) return cached;
    const dumped = dumpLua32(source, chunkName, strip);
    if (bytecodeCache.size >= BYTECODE_CACHE_ENTRIES) bytecodeCache.clear();
    bytecodeCache.set(key, dumped);
    return dumped;
}

/**
 * Pack stage: the LuaDB script image of a build's files, from memory, by
 * the rules of `luatos-ts pack` (image/pack.ts): Lua paths become flat
 * image names (`lib/conn.lua` → `lib.conn.lua`), source maps and the build
 * marker stay out, main.lua comes first, then by name. Names the device
 * could not use are a UserError naming every offender. An image larger
 * than the board's script area is returned with `fits: false` (the
 * pipeline reports it as LTS2002). With a bytecode `form`, every `.lua`
 * is compiled by the built-in 32-bit writer (image/lua-dump.ts) and stored
 * as `<name>.luac`, its chunk named `@/<name>.lua` so device errors name the
 * file as for source (line numbers only with "bytecode-lines").
 */
export function pack(files: BuildFiles, board: BoardProfile, form: LuaForm = "source"): PackResult {
    const bytecode = form !== "source";
    const planned = [...files.keys()]
        .filter(name => name !== BUILD_MARKER && !isSourceMap(name))
        .map(source => {
            const name = imageName(source);
            return { source, name: bytecode && name.endsWith(".lua") ? `${name}c` : name };
        });
    if (!planned.some(p => p.source === "main.lua")) throw new UserError("the build has no main.lua");
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
            `image names longer than ${LUADB_MAX_NAME_BYTES} bytes: ${tooLong.map(p => `${p.name} (${Buffer.byteLength(p.name)} bytes, from ${p.source})`).join(", ")}; shorten the module or file names`,
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
        throw new UserError(`these build files would share an image name: ${collisions.map(([name, sources]) => `${name} <- ${sources.join(" and ")}`).join("; ")}; rename one of each`);
    }
    const reserved = planned.find(p => p.name === LUADB_MD5_FILE);
    if (reserved) throw new UserError(`${reserved.source}: the name ${LUADB_MD5_FILE} is reserved for the image's MD5 record`);
    const count = planned.length + (board.md5Trailer ? 1 : 0);
    if (count > LUADB_MAX_FILES) throw new UserError(`the image would hold ${count} files${board.md5Trailer ? " (with the MD5 record)" : ""}; the firmware mounts at most ${LUADB_MAX_FILES}`);
    if (!board.embedsSys && !planned.some(p => p.name === "sys.lua" || p.name === "sys.luac")) {
        const user = planned.find(p => p.source.endsWith(".lua") && REQUIRES_SYS.test(files.get(p.source)!.toString("utf8")));
        if (user) throw new UserError(`${user.source} requires sys, but ${board.name} firmware has no built-in sys and the build has no sys.lua`);
    }
    const isMain = (p: { name: string }) => p.name === "main.lua" || p.name === "main.luac";
    planned.sort((a, b) => Number(isMain(b)) - Number(isMain(a)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const compile = (p: { name: string; source: string }): Buffer => {
        const data = files.get(p.source)!;
        if (!bytecode || !p.source.endsWith(".lua")) return data;
        return cachedDump(data, "@/" + p.name.replace(/c$/, ""), form === "bytecode-lines" ? "keep-lines" : "all");
    };
    const entries = planned.map(p => ({ name: p.name, data: compile(p), source: p.source }));
    const image = writeLuaDb(entries, { md5Trailer: board.md5Trailer });
    return {
        image,
        entries: entries.map(e => ({ name: e.name, size: e.data.length, source: e.source })),
        board,
        fits: image.length <= board.scriptAreaBytes,
        limit: board.scriptAreaBytes,
    };
}
