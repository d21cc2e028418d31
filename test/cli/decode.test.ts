import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../compiler/build.js";
import { LuaSourceMaps, normalizeChunkName, imageNameToPath, pathToImageName } from "../../compiler/source-maps.js";
import { LUA, requireTools } from "../support/tools.js";
import { makeTemp, removeTemp, runCli, runCliAsync, writeProject } from "./helpers.js";

// The module throws on a line of its own, reached through a second function, so the traceback has two app frames.
const CONN = `export function check(this: void, value: number | undefined): number {
    if (value === undefined) {
        error("no value to check"); // THROW
    }
    return value;
}

export function handle(this: void): number {
    return check(undefined) + 1; // CALLER
}
`;
const MAIN = `import { handle } from "./lib/conn";
sys.taskInit(() => {
    log.info("main", handle());
});
sys.run();
`;

/** 1-based line of the first line containing `marker`. */
function lineOf(text: string, marker: string): number {
    const index = text.split("\n").findIndex(l => l.includes(marker));
    if (index < 0) throw new Error(`${marker} not found`);
    return index + 1;
}

describe("decode", () => {
    let dir: string;
    let luaDir: string;

    beforeAll(() => {
        dir = makeTemp("decode");
        writeProject(dir, { "src/main.ts": MAIN, "src/lib/conn.ts": CONN });
        luaDir = build({ cwd: dir }).project.outDir;
    });
    afterAll(() => removeTemp(dir));

    /**
     * A real Lua 5.3 traceback of the built module, loaded under the chunk
     * name a device gives it (LuatOS loads require("lib.conn") from the flat
     * image file /luadb/lib.conn.lua), logged the way sys does on a device.
     */
    function deviceLog(chunkName: string): string {
        const script = `
            local f = assert(io.open(${JSON.stringify(path.join(luaDir, "lib/conn.lua"))}, "rb"))
            local chunk = assert(load(f:read("a"), ${JSON.stringify("@" + chunkName)}))
            f:close()
            local conn = chunk()
            local ok, trace = xpcall(conn.handle, debug.traceback)
            io.write("[2021-03-24 10:00:02.000] E/user.coroutine.resume\\t", trace, "\\r\\n")`;
        const lua = spawnSync("lua5.3", ["-e", script], { encoding: "utf8" });
        expect(lua.status, lua.stderr).toBe(0);
        return `[2021-03-24 10:00:01.000] I/user.main\tboot\r\n${lua.stdout}`;
    }

    it("maps a real traceback with device chunk names back to the TypeScript lines (needs lua5.3)", ctx => {
        requireTools(ctx, [LUA]);
        const lua = fs.readFileSync(path.join(luaDir, "lib/conn.lua"), "utf8");
        const luaThrow = lineOf(lua, "no value to check");
        const log = deviceLog("/luadb/lib.conn.lua");
        expect(log).toContain(`/luadb/lib.conn.lua:${luaThrow}: no value to check`);

        const result = runCli(["decode", "-"], dir, log);
        expect(result.status).toBe(0);
        expect(result.stderr).toBe("");
        const tsThrow = lineOf(CONN, "THROW");
        const tsCaller = lineOf(CONN, "CALLER");
        expect(result.stdout).toContain(`E/user.coroutine.resume\tsrc/lib/conn.ts:${tsThrow} (/luadb/lib.conn.lua:${luaThrow}): no value to check`);
        expect(result.stdout).toMatch(new RegExp(`src/lib/conn\\.ts:${tsCaller} \\(/luadb/lib\\.conn\\.lua:\\d+\\): in function`));
        // Everything else passes through unchanged, line endings included.
        expect(result.stdout.startsWith("[2021-03-24 10:00:01.000] I/user.main\tboot\r\n")).toBe(true);
        expect(result.stdout.split("\n")).toHaveLength(log.split("\n").length);
    });

    it("reads a log file, and understands the other spellings of a chunk name", () => {
        const lua = fs.readFileSync(path.join(luaDir, "lib/conn.lua"), "utf8");
        const luaThrow = lineOf(lua, "no value to check");
        const tsThrow = lineOf(CONN, "THROW");
        const spellings = [`/lua/lib.conn.lua`, `lib.conn.lua`, `lib/conn.lua`, `build/lua/lib/conn.lua`, `...ild/lua/lib/conn.lua`, `/luadb/lib.conn.luac`];
        const logText = [...spellings.map(s => `${s}:${luaThrow}: boom`), `[string "lib.conn.lua"]:${luaThrow}: boom`, `?:-1: stripped bytecode`, `other.lua:3: not ours`].join("\n");
        const file = path.join(dir, "device.log");
        fs.writeFileSync(file, logText);
        const result = runCli(["decode", "device.log", "--build", "build/lua"], dir);
        expect(result.status).toBe(0);
        const lines = result.stdout.split("\n");
        for (const [i, spelling] of spellings.entries()) {
            expect(lines[i]).toBe(`src/lib/conn.ts:${tsThrow} (${spelling}:${luaThrow}): boom`);
        }
        expect(lines[spellings.length]).toBe(`src/lib/conn.ts:${tsThrow} ([string "lib.conn.lua"]:${luaThrow}): boom`);
        expect(lines.slice(-2)).toEqual(["?:-1: stripped bytecode", "other.lua:3: not ours"]);
    });

    it("notes on stderr when no location in the log is covered by the build", () => {
        fs.writeFileSync(path.join(dir, "foreign.log"), "/luadb/elsewhere.lua:3: boom\n");
        const result = runCli(["decode", "foreign.log"], dir);
        expect(result.status).toBe(0);
        expect(result.stdout).toBe("/luadb/elsewhere.lua:3: boom\n");
        expect(result.stderr).toMatch(/^luatos-ts: note: 1 Lua locations in the log, none covered by the source maps in build\/lua/);
    });

    it("fails with one clear line for a missing log file, build folder or source maps", async () => {
        fs.writeFileSync(path.join(dir, "device.log"), "main.lua:1: x\n");
        fs.mkdirSync(path.join(dir, "bare"));
        const [missingLog, missingBuild, noMaps] = await Promise.all([
            runCliAsync(["decode", "nope.log"], dir),
            runCliAsync(["decode", "device.log", "--build", "out/lua"], dir),
            runCliAsync(["decode", "device.log", "--build", "bare"], dir),
        ]);
        expect(missingLog.status).toBe(1);
        expect(missingLog.stderr).toBe("luatos-ts: log file not found: nope.log\n");

        expect(missingBuild.status).toBe(1);
        expect(missingBuild.stderr).toBe("luatos-ts: build folder not found: out/lua (run `luatos-ts build` first, or pass --build <dir>)\n");

        expect(noMaps.status).toBe(1);
        expect(noMaps.stderr.trim().split("\n")).toHaveLength(1);
        expect(noMaps.stderr).toMatch(/^luatos-ts: no source maps in bare/);
    });

    it("keeps the source map lookups other parts use working", () => {
        const maps = new LuaSourceMaps(luaDir, dir);
        const lua = fs.readFileSync(path.join(luaDir, "lib/conn.lua"), "utf8");
        const luaThrow = lineOf(lua, "no value to check");
        expect(maps.lookup("lib/conn.lua", luaThrow)).toEqual({ file: path.join("src", "lib", "conn.ts"), line: lineOf(CONN, "THROW") });
        expect(maps.lookup("@/luadb/lib.conn.lua", luaThrow)?.line).toBe(lineOf(CONN, "THROW"));
        expect(maps.lookup("nothing.lua", 1)).toBeUndefined();
        expect(normalizeChunkName("@./lib\\conn.luac")).toBe("lib/conn.lua");
        expect(imageNameToPath("app.sample-queue.lua")).toBe("app/sample-queue.lua");
        expect(pathToImageName("app/sample-queue.lua")).toBe("app.sample-queue.lua");
    });
});
