import * as fs from "node:fs";
import * as path from "node:path";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";

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

    /**
     * @param luaDir the build's Lua folder (build/lua).
     * @param cwd paths in results are relative to this folder.
     */
    constructor(
        readonly luaDir: string,
        readonly cwd = process.cwd(),
    ) {}

    private load(luaFile: string): { map: TraceMap; dir: string } | null {
        const normalized = luaFile.replace(/^[@=]/, "").replace(/^\.?\//, "").replace(/^luadb\//, "");
        const cached = this.maps.get(normalized);
        if (cached !== undefined) return cached;
        const candidates = [path.resolve(this.luaDir, normalized + ".map"), path.resolve(this.luaDir, normalized.replace(/\./g, "/").replace(/\/lua$/, ".lua") + ".map")];
        let entry: { map: TraceMap; dir: string } | null = null;
        for (const file of candidates) {
            if (!file.startsWith(path.resolve(this.luaDir)) || !fs.existsSync(file)) continue;
            try {
                entry = { map: new TraceMap(fs.readFileSync(file, "utf8")), dir: path.dirname(file) };
                break;
            } catch {
                entry = null;
            }
        }
        this.maps.set(normalized, entry);
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
     */
    mapText(text: string): string {
        // Matches `main.lua:12`, `lib/conn.lua:3` and chunk names like `[string "main.lua"]:12`.
        return text.replace(/(?:\[string ")?((?:[\w.@/-]+\/)?[\w.-]+\.lua)(?:"\])?:(\d+)/g, (whole, file: string, line: string) => {
            const found = this.lookup(file, Number(line));
            return found ? `${found.file}:${found.line} (${whole})` : whole;
        });
    }
}
