import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../common/user-error.js";
import { findConfig, loadProject } from "../compiler/project.js";
import { LuaSourceMaps, type MapCounts } from "../compiler/source-maps.js";

/*
 * Rewriting the Lua locations of a device's serial log (`main.lua:12:`,
 * `/luadb/lib.conn.lua:3:`) to TypeScript locations with the build's source
 * maps: shared by `decode` (a log file or standard input) and `monitor`
 * (a live serial port).
 */

/** Where the build's Lua and source maps are: `--build`, or the project's outDir (`-p`). */
export interface BuildLocationFlags {
    build?: string;
    project?: string;
}

/** The build's Lua folder: `--build`, else the project's outDir, else build/lua. */
export function luaFolder(flags: BuildLocationFlags, cwd: string): string {
    if (flags.build !== undefined) return path.resolve(cwd, flags.build);
    if (flags.project !== undefined) return loadProject(findConfig(cwd, flags.project)).outDir;
    try {
        return loadProject(findConfig(cwd)).outDir;
    } catch {
        // No firmware project here: the conventional folder, checked by the caller.
        return path.resolve(cwd, "build/lua");
    }
}

/**
 * Why `luaDir` cannot decode a log (missing folder, no source maps), as the
 * one-line message, or undefined when it can.
 */
export function sourceMapProblem(luaDir: string, cwd: string): string | undefined {
    const shown = path.relative(cwd, luaDir) || ".";
    if (!fs.existsSync(luaDir) || !fs.statSync(luaDir).isDirectory()) {
        return `build folder not found: ${shown} (run \`luatos-ts build\` first, or pass --build <dir>)`;
    }
    const hasMaps = fs.readdirSync(luaDir, { recursive: true }).some(name => String(name).endsWith(".lua.map"));
    if (!hasMaps) return `no source maps in ${shown}: decode needs the .lua.map files that \`luatos-ts build\` writes beside the Lua`;
    return undefined;
}

/** The build's source maps, or a {@link UserError} saying why there are none. */
export function loadSourceMaps(luaDir: string, cwd: string): LuaSourceMaps {
    const problem = sourceMapProblem(luaDir, cwd);
    if (problem !== undefined) throw new UserError(problem);
    return new LuaSourceMaps(luaDir, cwd);
}

/**
 * Decodes a log that arrives in pieces: whole lines are mapped and returned
 * as soon as they are complete, so a location split across two reads is
 * still found. Without source maps, text passes through unchanged.
 */
export class LogLineDecoder {
    /** Lua locations seen and mapped so far. */
    readonly counts: MapCounts = { found: 0, mapped: 0 };
    private rest = "";

    constructor(private readonly maps: LuaSourceMaps | undefined) {}

    /** Adds received text; returns the decoded complete lines (possibly ""). */
    push(text: string): string {
        const all = this.rest + text;
        const end = all.lastIndexOf("\n") + 1;
        this.rest = all.slice(end);
        return end > 0 ? this.map(all.slice(0, end)) : "";
    }

    /** Returns what is left of an unfinished last line, decoded, and forgets it. */
    flush(): string {
        const rest = this.rest;
        this.rest = "";
        return rest === "" ? "" : this.map(rest);
    }

    private map(text: string): string {
        return this.maps === undefined ? text : this.maps.mapText(text, this.counts);
    }
}
