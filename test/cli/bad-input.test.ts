import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeLuaDb } from "../../image/luadb.js";
import { makeTemp, removeTemp, runCliAsync, type CliResult } from "./helpers.js";

/*
 * Bad paths and bad Lua for pack, inspect, init and decode, through the real
 * CLI in its own process: one line on stderr, exit 1, nothing written, and
 * no hang (each run is killed after 240 s, which then fails the test).
 */

/** Exactly one line on stderr, `luatos-ts: ...`, no stack, exit 1. */
function expectOneLine(result: CliResult, pattern: RegExp): void {
    expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.status, result.stderr).toBe(1);
}

/** Places no one may write in, even root: a read-only pseudo file system, and a chmod 555 folder when not root. */
function unwritablePlaces(dir: string): string[] {
    const places = fs.existsSync("/sys/kernel") ? ["/sys/luatos-ts-test"] : [];
    if (process.getuid?.() !== 0) {
        const locked = path.join(dir, "locked");
        fs.mkdirSync(locked, { recursive: true });
        fs.chmodSync(locked, 0o555);
        places.push(path.join(locked, "inner"));
    }
    return places;
}

let dir: string;
beforeAll(() => {
    dir = makeTemp("bad-input");
    const lua = path.join(dir, "build", "lua");
    fs.mkdirSync(path.join(lua, "lib"), { recursive: true });
    fs.writeFileSync(path.join(lua, "main.lua"), 'PROJECT = "demo"\nVERSION = "1.0.0"\nprint("hi")\n');
    fs.writeFileSync(path.join(lua, "lib", "conn.lua"), "return {}\n");
    fs.writeFileSync(path.join(dir, "afile"), "not a folder\n");
    fs.writeFileSync(path.join(dir, "ok.bin"), writeLuaDb([{ name: "main.lua", data: Buffer.from("print(1)\n") }]));
});
afterAll(() => {
    const locked = path.join(dir, "locked");
    if (fs.existsSync(locked)) fs.chmodSync(locked, 0o755);
    removeTemp(dir);
});

const cli = (...args: string[]) => runCliAsync(args, dir);

describe("pack refuses Lua that does not parse, before writing anything", { timeout: 600_000 }, () => {
    /** A copy of the good build with `files` changed. */
    function brokenBuild(name: string, files: Record<string, string>): string {
        const copy = path.join(dir, name);
        fs.cpSync(path.join(dir, "build", "lua"), copy, { recursive: true });
        for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(copy, file), text);
        return name;
    }

    it("main.lua, a module and a data file named .lua, each with file and line", async () => {
        const cases: [Record<string, string>, RegExp][] = [
            [{ "main.lua": 'PROJECT = "demo"\nVERSION = "1.0.0"\nlocal x = = 1\n' }, /^luatos-ts: main\.lua:3: unexpected symbol near '='\n$/],
            [{ "lib/conn.lua": "local M = {}\nfunction M.open(\nreturn M\n" }, /^luatos-ts: lib\/conn\.lua:3: <name> or '\.\.\.' expected near 'return'\n$/],
            [{ "settings.lua": "return { a = 1,, }\n" }, /^luatos-ts: settings\.lua:1: unexpected symbol near ','\n$/],
        ];
        const results = await Promise.all(cases.map(([files], i) => cli("pack", brokenBuild(`broken${i}`, files), "-o", `out${i}/script.bin`)));
        results.forEach((result, i) => {
            expectOneLine(result, cases[i]![1]);
            expect(fs.existsSync(path.join(dir, `out${i}`))).toBe(false);
        });
    });

    it("names every file that does not parse", async () => {
        const result = await cli("pack", brokenBuild("broken-two", { "main.lua": "x = (\n", "lib/conn.lua": "return 'open\n" }), "-o", "two.bin");
        expectOneLine(result, /^luatos-ts: main\.lua:2: unexpected symbol near <eof>; lib\/conn\.lua:1: unfinished string near ''open' \(2 files do not parse\)\n$/);
        expect(fs.existsSync(path.join(dir, "two.bin"))).toBe(false);
    });
});

describe("outputs that cannot be written: one line, exit 1, no hang", { timeout: 600_000 }, () => {
    it("pack -o under a file, in a folder that cannot be made, in a read-only place", async () => {
        const under = await cli("pack", "-o", "afile/script.bin");
        expectOneLine(under, /^luatos-ts: cannot write afile\/script\.bin: a part of its path is a file, not a folder\n$/);
        const proc = await cli("pack", "-o", "/proc/luatos-ts-nope/script.bin");
        expectOneLine(proc, /^luatos-ts: cannot create folder \/proc\/luatos-ts-nope: the file system there does not allow it\n$/);
        for (const place of unwritablePlaces(dir)) {
            expectOneLine(await cli("pack", "-o", `${place}.bin`), /^luatos-ts: cannot write .*: (permission denied|operation not permitted|the file system is read-only)/);
            expectOneLine(await cli("pack", "-o", `${place}/script.bin`), /^luatos-ts: cannot create folder .*: (permission denied|operation not permitted|the file system is read-only)/);
        }
        expect(fs.readFileSync(path.join(dir, "afile"), "utf8")).toBe("not a folder\n");
    });

    it("pack -o into a missing folder creates it", async () => {
        const result = await cli("pack", "-q", "-o", "new/deeper/script.bin");
        expect(result).toMatchObject({ status: 0, stderr: "" });
        expect(fs.statSync(path.join(dir, "new/deeper/script.bin")).size).toBeGreaterThan(0);
    });

    it("inspect --extract into /proc, under a file or into a read-only place", async () => {
        // Node's recursive mkdir loops forever on /proc: this used to hang.
        expectOneLine(await cli("inspect", "ok.bin", "-x", "/proc/nope"), /^luatos-ts: cannot create folder \/proc\/nope: the file system there does not allow it\n$/);
        expectOneLine(await cli("inspect", "ok.bin", "-x", "afile"), /^luatos-ts: afile exists and is not a folder\n$/);
        expectOneLine(await cli("inspect", "ok.bin", "-x", "afile/sub"), /^luatos-ts: cannot create folder afile\/sub: .*afile is not a folder\n$/);
        for (const place of unwritablePlaces(dir)) {
            expectOneLine(await cli("inspect", "ok.bin", "-x", place), /^luatos-ts: cannot create folder .*: (permission denied|operation not permitted|the file system is read-only)/);
        }
    });

    it("init into an existing file, under a file, into /proc or a read-only place", async () => {
        expectOneLine(await cli("init", "afile"), /^luatos-ts: afile exists and is not a folder\n$/);
        expectOneLine(await cli("init", "afile/project"), /^luatos-ts: cannot create folder afile\/project: .*afile is not a folder\n$/);
        expectOneLine(await cli("init", "/proc/luatos-ts-project"), /^luatos-ts: cannot create folder \/proc\/luatos-ts-project: the file system there does not allow it\n$/);
        for (const place of unwritablePlaces(dir)) {
            expectOneLine(await cli("init", place), /^luatos-ts: cannot create folder .*: (permission denied|operation not permitted|the file system is read-only)/);
        }
        expect(fs.readFileSync(path.join(dir, "afile"), "utf8")).toBe("not a folder\n");
    });
});

describe("inputs over 2 GiB are named, never read", { timeout: 600_000 }, () => {
    /** A sparse file of 3 GiB: no disk space, no reading. */
    function hugeFile(name: string): string {
        const file = path.join(dir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.closeSync(fs.openSync(file, "w"));
        fs.truncateSync(file, 3 * 2 ** 30);
        return file;
    }

    it("inspect, decode and pack", async () => {
        hugeFile("huge.bin");
        expectOneLine(await cli("inspect", "huge.bin"), /^luatos-ts: image huge\.bin is 3\.0 GiB \(3221225472 bytes\); files over 2 GiB are not read\n$/);
        hugeFile("huge.log");
        expectOneLine(await cli("decode", "huge.log", "--build", "maps"), /^luatos-ts: build folder not found: maps/);
        fs.mkdirSync(path.join(dir, "maps"), { recursive: true });
        fs.writeFileSync(path.join(dir, "maps", "main.lua.map"), "{}");
        expectOneLine(await cli("decode", "huge.log", "--build", "maps"), /^luatos-ts: log file huge\.log is 3\.0 GiB \(3221225472 bytes\); files over 2 GiB are not read\n$/);
        fs.cpSync(path.join(dir, "build", "lua"), path.join(dir, "huge-build"), { recursive: true });
        hugeFile("huge-build/blob.bin");
        expectOneLine(await cli("pack", "huge-build", "-o", "huge-out.bin"), /^luatos-ts: build file .*blob\.bin is 3\.0 GiB/);
        expect(fs.existsSync(path.join(dir, "huge-out.bin"))).toBe(false);
    });
});

