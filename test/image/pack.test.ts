import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LUA, LUAC, requireTools } from "../support/tools.js";
import { UserError } from "../../common/user-error.js";
import { BOARD_NAMES, getBoard } from "../../image/boards.js";
import { readBytecodeHeader, retargetSizeT } from "../../image/bytecode.js";
import { readLuaDb } from "../../image/luadb.js";
import { imageName, imageSizeReport, packBuild } from "../../image/pack.js";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-test-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes a build folder like `npx luatos-ts build` leaves it. */
function writeBuild(files: Record<string, string | Buffer>): string {
    const lua = path.join(dir, "lua");
    for (const [name, data] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(lua, name)), { recursive: true });
        fs.writeFileSync(path.join(lua, name), data);
    }
    return lua;
}

const typical = {
    ".luatos-build": "marker\n",
    "main.lua": 'PROJECT = "demo"\nVERSION = "1.0.0"\nlocal conn = require("lib.conn")\nsys.run()\n',
    "main.lua.map": "{}",
    "lib/conn.lua": "return { open = function() return 1 end }\n",
    "lib/conn.lua.map": "{}",
    "sys.lua": "local sys = {}\nreturn sys\n",
    "lualib_bundle.lua": "return {}\n",
    "logo.jpg": Buffer.from([0xff, 0xd8, 0xff]),
};

function userError(action: () => unknown): string {
    try {
        action();
    } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
    }
    throw new Error("expected a UserError");
}


describe("packBuild", () => {
    it("packs main first, modules under flat dotted names, sys, lualib and extra files; no maps, no marker", () => {
        const lua = writeBuild(typical);
        const result = packBuild(lua);
        expect(result.entries.map(e => [e.name, e.source])).toEqual([
            ["main.lua", "main.lua"],
            ["lib.conn.lua", "lib/conn.lua"],
            ["logo.jpg", "logo.jpg"],
            ["lualib_bundle.lua", "lualib_bundle.lua"],
            ["sys.lua", "sys.lua"],
        ]);
        const image = readLuaDb(result.image);
        expect(image.md5).toBeUndefined(); // air640w tooling adds no MD5 record
        for (const entry of result.entries) {
            const stored = image.files.find(f => f.name === entry.name);
            expect(stored?.data.equals(fs.readFileSync(path.join(lua, entry.source)))).toBe(true);
            expect(entry.size).toBe(stored?.data.length);
        }
        expect(result.board.name).toBe("air640w");
        expect(result.limit).toBe(200 * 1024);
        expect(result.fits).toBe(true);
    });

    it("adds the MD5 record for boards whose tooling does", () => {
        const lua = writeBuild(typical);
        expect(readLuaDb(packBuild(lua, { board: "air101" }).image).md5).toHaveLength(16);
        expect(readLuaDb(packBuild(lua, { board: "esp32" }).image).md5).toHaveLength(16);
        expect(readLuaDb(packBuild(lua, { board: "air302" }).image).md5).toBeUndefined();
    });

    it("maps module paths the way LuatOS's require looks them up", () => {
        expect(imageName("lib/conn.lua")).toBe("lib.conn.lua");
        expect(imageName("a/b/c.luac")).toBe("a.b.c.luac");
        expect(imageName("main.lua")).toBe("main.lua");
        expect(imageName("logo.jpg")).toBe("logo.jpg");
    });

    it("fails on a missing build folder or main.lua", () => {
        expect(userError(() => packBuild(path.join(dir, "nope")))).toMatch(/build folder .*nope does not exist; run `npx luatos-ts build` first/);
        const lua = writeBuild({ "other.lua": "" });
        expect(userError(() => packBuild(lua))).toMatch(/has no main\.lua/);
    });

    it("rejects names that collide after mapping, naming both files", () => {
        const lua = writeBuild({ "main.lua": "", "lib/conn.lua": "", "lib.conn.lua": "" });
        expect(userError(() => packBuild(lua))).toMatch(/share an image name: lib\.conn\.lua <- (lib\.conn\.lua and lib\/conn\.lua|lib\/conn\.lua and lib\.conn\.lua)/);
    });

    it("rejects names longer than 31 bytes, listing them", () => {
        const lua = writeBuild({ "main.lua": "", "very/deeply/nested/module/xyz.lua": "", "abcdefghijklmnopqrstuvwxyz12345.txt": "" });
        const message = userError(() => packBuild(lua, { board: "air101" }));
        expect(message).toMatch(/longer than 31 bytes: /);
        expect(message).toContain("very.deeply.nested.module.xyz.lua (33 bytes, from very/deeply/nested/module/xyz.lua)");
        expect(message).toContain("abcdefghijklmnopqrstuvwxyz12345.txt (35 bytes, from abcdefghijklmnopqrstuvwxyz12345.txt)");
    });

    it("allows 31-byte names and rejects longer ones", () => {
        const ok = writeBuild({ "main.lua": "", "abcdefghijklmnopqrstuvwxyz1.txt": "" });
        expect(packBuild(ok).entries.map(e => e.name)).toContain("abcdefghijklmnopqrstuvwxyz1.txt");
        fs.writeFileSync(path.join(ok, "abcdefghijklmnopqrstuvwxyz12.txt"), "");
        expect(userError(() => packBuild(ok))).toMatch(/abcdefghijklmnopqrstuvwxyz12\.txt \(32 bytes/);
    });

    it("rejects module names the 2021 firmware's require would overflow on", () => {
        const lua = writeBuild({ "main.lua": "", "abcdefghijklmnopqrstuvwxyz.lua": "" });
        expect(userError(() => packBuild(lua, { board: "air640w" }))).toMatch(/air640w firmware handles module names of at most 25 bytes .*abcdefghijklmnopqrstuvwxyz \(from/);
        expect(packBuild(lua, { board: "air101" }).entries).toHaveLength(2);
    });

    it("rejects data files in subfolders (the image has no folders)", () => {
        const lua = writeBuild({ "main.lua": "", "data/x.txt": "" });
        expect(userError(() => packBuild(lua))).toMatch(/no folders.*data\/x\.txt/);
    });

    it("rejects more than 1024 files, counting the MD5 record", () => {
        const files: Record<string, string> = { "main.lua": "" };
        for (let i = 1; i < 1024; i++) files[`f${i}.txt`] = "";
        const lua = writeBuild(files);
        expect(packBuild(lua, { board: "air640w" }).entries).toHaveLength(1024);
        expect(userError(() => packBuild(lua, { board: "air101" }))).toMatch(/1025 files \(with the MD5 record\); .*at most 1024/);
        fs.writeFileSync(path.join(lua, "one-more.txt"), "");
        expect(userError(() => packBuild(lua, { board: "air640w" }))).toMatch(/1025 files; .*at most 1024/);
    });

    it("fails when the image does not fit, with both sizes", () => {
        const lua = writeBuild({ "main.lua": "", "big.bin": Buffer.alloc(64 * 1024) });
        const message = userError(() => packBuild(lua, { board: "air101" }));
        const size = packBuild(lua, { board: "air101", allowOversize: true });
        expect(size.fits).toBe(false);
        expect(message).toBe(
            `the script image is ${size.image.length} bytes but air101's script area holds 65536 bytes (${size.image.length - 65536} bytes too many); make the app smaller`,
        );
        expect(packBuild(lua, { board: "air640w" }).fits).toBe(true);
    });

    it("reports the image size against the board's limit", () => {
        const lua = writeBuild(typical);
        const report = imageSizeReport(lua, "esp32");
        expect(report).toEqual({ bytes: packBuild(lua, { board: "esp32" }).image.length, limit: 256 * 1024, board: "esp32" });
        const big = writeBuild({ "huge.bin": Buffer.alloc(70 * 1024) });
        expect(imageSizeReport(big, "air101").bytes).toBeGreaterThan(65536);
    });

    it("refuses an unknown board, listing the known ones", () => {
        expect(userError(() => getBoard("air724"))).toBe('unknown board "air724"; known boards: air640w, air302, air101, esp32, pc, air780epm, air8000');
        expect(BOARD_NAMES.map(name => [name, getBoard(name).integerBytes])).toEqual([
            ["air640w", 4],
            ["air302", 4],
            ["air101", 8],
            ["esp32", 4],
            ["pc", 4],
            ["air780epm", 4],
            ["air8000", 4],
        ]);
        expect(getBoard("air640w").luaHeapBytes).toBe(40 * 1024);
    });
});

describe("packBuild --luac", () => {
    it("refuses a 64-bit luac for 32-bit boards, saying why and how to get one (needs luac5.3 on PATH)", ctx => {
        requireTools(ctx, [LUAC, LUA]);
        const lua = writeBuild(typical);
        for (const board of ["air640w", "air302", "esp32"]) {
            const message = userError(() => packBuild(lua, { board, luac: "luac5.3" }));
            expect(message).toMatch(new RegExp(`luac5\\.3 writes bytecode with 64-bit integers and floats, but ${board} firmware uses 32-bit integers and floats`));
            expect(message).toMatch(/LUA_32BITS.*--luac-path FILE/);
        }
    });

    it("compiles every module for air101, stored as .luac with a 4-byte size_t (needs luac5.3 on PATH)", ctx => {
        requireTools(ctx, [LUAC, LUA]);
        const lua = writeBuild({ ...typical, "lib/long.lua": `return "${"y".repeat(400)}"` });
        const result = packBuild(lua, { board: "air101", luac: true });
        expect(result.entries.map(e => e.name)).toEqual(["main.luac", "lib.conn.luac", "lib.long.luac", "logo.jpg", "lualib_bundle.luac", "sys.luac"]);
        const image = readLuaDb(result.image);
        for (const file of image.files.filter(f => f.name.endsWith(".luac"))) {
            expect(readBytecodeHeader(file.data, file.name)).toEqual({ cIntBytes: 4, sizeTBytes: 4, instructionBytes: 4, integerBytes: 8, numberBytes: 8 });
        }
        // Widened back for this host, the module runs and returns its long string.
        const long = image.files.find(f => f.name === "lib.long.luac")!;
        const chunk = path.join(dir, "long.luac");
        fs.writeFileSync(chunk, retargetSizeT(long.data, 8));
        const run = spawnSync("lua5.3", ["-e", `io.write(#dofile(${JSON.stringify(chunk)}))`]);
        expect(run.stdout.toString()).toBe("400");
    });

    it("reports a module luac cannot compile (needs luac5.3 on PATH)", ctx => {
        requireTools(ctx, [LUAC, LUA]);
        // Lua that parses but that this luac refuses: a wrapper around luac5.3 that fails on a marker.
        const luac = path.join(dir, "picky-luac");
        fs.writeFileSync(luac, '#!/bin/sh\nfor a; do last="$a"; done\nif grep -q REFUSE "$last" 2>/dev/null; then echo "picky-luac: $last:1: refused" >&2; exit 1; fi\nexec luac5.3 "$@"\n', { mode: 0o755 });
        const lua = writeBuild({ "main.lua": "local REFUSE = 1" });
        expect(userError(() => packBuild(lua, { board: "air101", luac }))).toMatch(/picky-luac could not compile main\.lua: .*main\.lua:1: refused/);
    });

    it("refuses a luac that does not run or is not Lua 5.3", () => {
        const lua = writeBuild(typical);
        expect(userError(() => packBuild(lua, { board: "air101", luac: path.join(dir, "missing-luac") }))).toMatch(/--luac: cannot run .*missing-luac; use a stock Lua 5\.3 luac/);
        const fake = path.join(dir, "luac54");
        fs.writeFileSync(fake, "#!/bin/sh\necho 'Lua 5.4.6  Copyright (C) 1994-2023 Lua.org, PUC-Rio'\n", { mode: 0o755 });
        expect(userError(() => packBuild(lua, { board: "air101", luac: fake }))).toMatch(/is "Lua 5\.4\.6.*"; --luac needs a Lua 5\.3 luac/);
    });
});

describe("sys in the image", () => {
    it("requires sys.lua for boards whose firmware has no built-in sys", () => {
        const lua = writeBuild({ "main.lua": '_G.sys = require("sys")\nsys.run()\n' });
        for (const board of ["air640w", "air302"]) {
            expect(userError(() => packBuild(lua, { board }))).toBe(
                `main.lua requires sys, but ${board} firmware has no built-in sys and the build folder has no sys.lua; rebuild with \`npx luatos-ts build\`, which adds it`,
            );
        }
        expect(packBuild(lua, { board: "air101" }).entries).toHaveLength(1);
        expect(packBuild(lua, { board: "esp32" }).entries).toHaveLength(1);
        fs.writeFileSync(path.join(lua, "sys.lua"), "return {}");
        expect(packBuild(lua, { board: "air640w" }).entries.map(e => e.name)).toEqual(["main.lua", "sys.lua"]);
    });
});
