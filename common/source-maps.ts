import * as fs from "node:fs";
import * as path from "node:path";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { imageNameToPath, isSourceMap, mappedLuaFile, pathToImageName, sourceMapName } from "./build-layout.js";

/** A TypeScript location that a Lua location came from. */
export interface SourceLocation {
    /** Path of the TypeScript file, relative to `cwd` given to {@link LuaSourceMaps}. */
    file: string;
    /** 1-based line. */
    line: number;
}

/**
 * Maps Lua `file.lua:line` locations of a build folder back to TypeScript
 * through the `.lua.map` files the build writes. Used for simulator
 * tracebacks, busted failures and `luatos-ts decode`.
 */
export class LuaSourceMaps {
    private readonly maps = new Map<string, { map: TraceMap; dir: string } | null>();
    private index: string[] | undefined;

    /**
     * @param luaDir the build's Lua folder (build/lua).
     * @param cwd paths in results are relative to this folder.
     */
    constructor(
        readonly luaDir: string,
        readonly cwd = process.cwd(),
    ) {}

    /** Every source-mapped Lua file of the build folder, relative to it (`lib/conn.lua`). */
    private mappedFiles(): string[] {
        if (this.index === undefined) {
            this.index = [];
            if (fs.existsSync(this.luaDir)) {
                for (const entry of fs.readdirSync(this.luaDir, { recursive: true, withFileTypes: true })) {
                    if (!entry.isFile() || !isSourceMap(entry.name)) continue;
                    const full = path.join(entry.parentPath, entry.name);
                    this.index.push(mappedLuaFile(path.relative(this.luaDir, full).split(path.sep).join("/")));
                }
            }
        }
        return this.index;
    }

    /**
     * The build file a Lua chunk name stands for. Devices name chunks after
     * the script image (`/luadb/main.lua`, `/lua/lib.conn.lua`: LuatOS finds
     * `require("lib.conn")` as the flat file `lib.conn.lua`), luac keeps the
     * path it was given, and Lua shortens long names to `...tail`.
     */
    private resolve(chunkName: string): string | undefined {
        const files = this.mappedFiles();
        const normalized = normalizeChunkName(chunkName);
        const onDevice = normalized.replace(/^(luadb|lua)\//, "");
        const direct = [normalized, onDevice, imageNameToPath(onDevice)].find(c => files.includes(c));
        if (direct !== undefined) return direct;
        // A longer path that ends with a build file (`build/lua/lib/conn.lua`), or the tail Lua kept of a long one.
        const shortened = /^\s*(@|=)?\.\.\./.test(chunkName);
        const endsWith = (name: string) => normalized.endsWith("/" + name) || (shortened && name.endsWith(normalized));
        return files.filter(name => endsWith(name) || endsWith(pathToImageName(name))).sort((a, b) => b.length - a.length)[0];
    }

    private load(luaFile: string): { map: TraceMap; dir: string } | null {
        const cached = this.maps.get(luaFile);
        if (cached !== undefined) return cached;
        const found = this.resolve(luaFile);
        let entry: { map: TraceMap; dir: string } | null = null;
        if (found !== undefined) {
            const file = path.resolve(this.luaDir, sourceMapName(found));
            try {
                entry = { map: new TraceMap(fs.readFileSync(file, "utf8")), dir: path.dirname(file) };
            } catch {
                entry = null;
            }
        }
        this.maps.set(luaFile, entry);
        return entry;
    }

    /** The TypeScript location of a Lua file and 1-based line, when a source map covers it. */
    lookup(luaFile: string, line: number): SourceLocation | undefined {
        const entry = this.load(luaFile);
        if (entry === null) return undefined;
        // Any column on the line: take the first mapped segment.
        for (let column = 0; column < 400; column += 1) {
            const pos = originalPositionFor(entry.map, { line, column });
            if (pos.source !== null && pos.line !== null) {
                return { file: path.relative(this.cwd, path.resolve(entry.dir, pos.source)), line: pos.line };
            }
        }
        return undefined;
    }

    /**
     * Rewrites every `name.lua:LINE` in a text (a traceback, a log) to
     * `src/name.ts:LINE (name.lua:LINE)` where a source map covers it.
     * Pass `counts` to learn how many Lua locations were seen and mapped.
     */
    mapText(text: string, counts?: MapCounts): string {
        // Matches `main.lua:12`, `/luadb/lib.conn.lua:3`, `lib\conn.lua:3` and chunk names like `[string "main.lua"]:12`.
        return text.replace(/(?:\[string ")?((?:[\w.@/\\-]*[/\\])?[\w.-]+\.luac?)(?:"\])?:(\d+)/g, (whole, file: string, line: string) => {
            const found = this.lookup(file, Number(line));
            if (counts !== undefined) {
                counts.found += 1;
                if (found) counts.mapped += 1;
            }
            return found ? `${found.file}:${found.line} (${whole})` : whole;
        });
    }
}

/** Tally of {@link LuaSourceMaps.mapText}: Lua locations seen, and how many a source map covered. */
export interface MapCounts {
    found: number;
    mapped: number;
}

/**
 * A chunk name as Lua prints it, reduced to a relative path: no `@`/`=`
 * marker, no `...` shortening, no leading `./` or `/`, forward slashes,
 * `.luac` read as `.lua`. A device prefix (`luadb/`, `lua/`) stays.
 */
export function normalizeChunkName(name: string): string {
    return name
        .replace(/\\/g, "/")
        .replace(/^[@=]/, "")
        .replace(/^\.\.\./, "")
        .replace(/^(\.\/)+/, "")
        .replace(/^\/+/, "")
        .replace(/\.luac$/, ".lua");
}

export { imageNameToPath, pathToImageName };
