import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LUAC, requireTools } from "../support/tools.js";
import { registerInspect } from "../../cli/commands/inspect.js";
import { registerPack } from "../../cli/commands/pack.js";
import { readBytecodeHeader } from "../../image/bytecode.js";
import { readLuaDb, writeLuaDb } from "../../image/luadb.js";

const BIN = fileURLToPath(new URL("../../bin/luatos-ts.js", import.meta.url));

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "image-cli-test-"));
});
afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exitCode = undefined;
    vi.restoreAllMocks();
});

/** Runs one command in this process the way cli/main.ts wires it; returns exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => {
        stdout += parts.join(" ") + "\n";
    });
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        stderr += chunk.toString();
        return true;
    });
    process.exitCode = undefined;
    const program = new Command().exitOverride();
    registerPack(program);
    registerInspect(program);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
        await program.parseAsync(args, { from: "user" });
    } finally {
        process.chdir(cwd);
        vi.restoreAllMocks();
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return { code, stdout, stderr };
}

function writeBuild(): void {
    const lua = path.join(dir, "build", "lua");
    fs.mkdirSync(path.join(lua, "lib"), { recursive: true });
    fs.writeFileSync(path.join(lua, ".luatos-build"), "");
    fs.writeFileSync(path.join(lua, "main.lua"), 'PROJECT = "demo"\nVERSION = "1.0.0"\nsys.run()\n');
    fs.writeFileSync(path.join(lua, "main.lua.map"), "{}");
    fs.writeFileSync(path.join(lua, "lib", "conn.lua"), "return {}\n");
}

describe("luatos-ts pack", () => {
    it("writes build/script.bin from build/lua by default and prints the sizes", async () => {
        writeBuild();
        const result = await cli("pack");
        expect(result).toMatchObject({ code: 0, stderr: "" });
        const image = readLuaDb(fs.readFileSync(path.join(dir, "build", "script.bin")));
        expect(image.files.map(f => f.name)).toEqual(["main.lua", "lib.conn.lua"]);
        expect(result.stdout).toContain("lib.conn.lua");
        expect(result.stdout).toMatch(new RegExp(`packed 2 files into build/script\\.bin: ${fs.statSync(path.join(dir, "build", "script.bin")).size} of 204800 bytes of air640w's script area`));
    });

    it("takes the build folder, output and board", async () => {
        writeBuild();
        fs.renameSync(path.join(dir, "build", "lua"), path.join(dir, "out"));
        const result = await cli("pack", "out", "-o", "images/a.bin", "--board", "air101", "-q");
        expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
        expect(readLuaDb(fs.readFileSync(path.join(dir, "images", "a.bin"))).md5).toHaveLength(16);
    });

    it("replaces an older image but refuses to overwrite anything else", async () => {
        writeBuild();
        const target = path.join(dir, "build", "script.bin");
        fs.writeFileSync(target, writeLuaDb([{ name: "old.lua", data: Buffer.from("x") }]));
        expect((await cli("pack")).code).toBe(0);
        expect(readLuaDb(fs.readFileSync(target)).files[0]?.name).toBe("main.lua");
        fs.writeFileSync(target, "my notes\n");
        const refused = await cli("pack");
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe("luatos-ts: build/script.bin exists and is not a LuaDB image; refusing to overwrite it (choose another output with -o)\n");
        expect(fs.readFileSync(target, "utf8")).toBe("my notes\n");
    });

    it("fails with one line and writes nothing for an unknown board, a missing build or an oversized image", async () => {
        expect(await cli("pack", "--board", "air724")).toEqual({
            code: 1,
            stdout: "",
            stderr: 'luatos-ts: unknown board "air724"; known boards: air640w, air302, air101, esp32, pc, air780epm, air8000\n',
        });
        expect((await cli("pack")).stderr).toMatch(/^luatos-ts: build folder build\/lua does not exist; run `npx luatos-ts build` first\n$/);
        writeBuild();
        fs.writeFileSync(path.join(dir, "build", "lua", "big.bin"), Buffer.alloc(70_000));
        const oversized = await cli("pack", "--board", "air101");
        expect(oversized.code).toBe(1);
        expect(oversized.stderr).toMatch(/^luatos-ts: the script image is \d+ bytes but air101's script area holds 65536 bytes/);
        expect(fs.existsSync(path.join(dir, "build", "script.bin"))).toBe(false);
    });
});

describe("luatos-ts inspect", () => {
    it("lists a valid image and extracts it", async () => {
        fs.writeFileSync(path.join(dir, "s.bin"), writeLuaDb([{ name: "main.lua", data: Buffer.from("abc") }, { name: "logo.jpg", data: Buffer.alloc(10) }], { md5Trailer: true }));
        const result = await cli("inspect", "s.bin", "--extract", "x");
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/^s\.bin: LuaDB version 2, luatools style, header length 24, 3 files in the header, MD5 record [0-9a-f]{32}, \d+ bytes\n/);
        expect(result.stdout).toMatch(/main\.lua +3 B\n/);
        expect(result.stdout).toMatch(/logo\.jpg +10 B\n/);
        expect(result.stdout).toContain("extracted 2 files into x");
        expect(fs.readFileSync(path.join(dir, "x", "main.lua"), "utf8")).toBe("abc");
    });

    it("rejects an invalid image naming the field and offset", async () => {
        const image = writeLuaDb([{ name: "main.lua", data: Buffer.from("abc") }]);
        image[22] ^= 1;
        fs.writeFileSync(path.join(dir, "s.bin"), image);
        const result = await cli("inspect", "s.bin", "-x", "x");
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^luatos-ts: not a valid LuaDB image: header crc at offset 22 \(0x16\): /);
        expect(fs.existsSync(path.join(dir, "x"))).toBe(false);
        expect((await cli("inspect", "missing.bin")).stderr).toBe("luatos-ts: image missing.bin does not exist\n");
    });

    it("refuses an image whose names would escape the folder, writing nothing", async () => {
        fs.writeFileSync(path.join(dir, "s.bin"), writeLuaDb([{ name: "main.lua", data: Buffer.from("a") }, { name: "../escape.lua", data: Buffer.from("b") }]));
        const result = await cli("inspect", "s.bin", "--extract", "x");
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^ {2}\.\.\/escape\.lua +1 B {2}INVALID: it contains `\.\.`$/m);
        expect(result.stderr).toBe(
            'luatos-ts: s.bin: invalid file names "../escape.lua" (it contains `..`): the device has no folders and extraction would leave the target folder; nothing was extracted\n',
        );
        expect(fs.existsSync(path.join(dir, "x"))).toBe(false);
        expect(fs.existsSync(path.join(dir, "escape.lua"))).toBe(false);
    });

    it("marks absolute and `..` names as invalid when listing, exit 1", async () => {
        fs.writeFileSync(
            path.join(dir, "s.bin"),
            writeLuaDb([{ name: "main.lua", data: Buffer.from("a") }, { name: "/etc/passwd", data: Buffer.from("b") }, { name: "a/../../b", data: Buffer.from("c") }, { name: "ok..lua", data: Buffer.from("d") }]),
        );
        const result = await cli("inspect", "s.bin");
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^ {2}\/etc\/passwd +1 B {2}INVALID: it is an absolute path$/m);
        expect(result.stdout).toMatch(/^ {2}a\/\.\.\/\.\.\/b +1 B {2}INVALID: it contains `\.\.`$/m);
        // Two dots inside a name are not a `..` segment.
        expect(result.stdout).toMatch(/^ {2}ok\.\.lua +1 B$/m);
        expect(result.stderr.split("\n")).toHaveLength(2);
        expect(result.stderr).toMatch(/^luatos-ts: s\.bin: invalid file names "\/etc\/passwd" \(it is an absolute path\), "a\/\.\.\/\.\.\/b"/);
    });
});

describe("the luatos-ts binary", () => {
    // One real process, to check the exit code through cli/main.ts (the in-process runs above cover the rest).
    it("exits 1 with one line for a bad image", () => {
        fs.writeFileSync(path.join(dir, "bad.bin"), "not an image");
        const inspect = spawnSync(process.execPath, [BIN, "inspect", "bad.bin"], { cwd: dir, encoding: "utf8" });
        expect([inspect.status, inspect.stderr]).toEqual([1, "luatos-ts: not a valid LuaDB image: header magic at offset 0 (0x0): type is 0x6e, expected 0x01\n"]);
    });
});

describe("luatos-ts pack --luac", () => {

    it("refuses Debian's 64-bit luac5.3 for the default 32-bit board and uses it for air101 (needs luac5.3 on PATH)", async ctx => {
        requireTools(ctx, [LUAC]);
        writeBuild();
        const refused = await cli("pack", "--luac-path", "luac5.3");
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/^luatos-ts: --luac: luac5\.3 writes bytecode with 64-bit integers and floats, but air640w firmware uses 32-bit/);
        expect(fs.existsSync(path.join(dir, "build", "script.bin"))).toBe(false);
        const packed = await cli("pack", "--board", "air101", "--luac-path", "luac5.3", "-q");
        expect(packed).toEqual({ code: 0, stdout: "", stderr: "" });
        expect(readLuaDb(fs.readFileSync(path.join(dir, "build", "script.bin"))).files.map(f => f.name)).toEqual(["main.luac", "lib.conn.luac"]);
    });

    it("compiles with the built-in 32-bit writer when no luac is named for a 32-bit board", async () => {
        writeBuild();
        const packed = await cli("pack", "--luac", "-q");
        expect(packed).toEqual({ code: 0, stdout: "", stderr: "" });
        const image = readLuaDb(fs.readFileSync(path.join(dir, "build", "script.bin")));
        expect(image.files.map(f => f.name)).toEqual(["main.luac", "lib.conn.luac"]);
        for (const file of image.files) expect(readBytecodeHeader(file.data, file.name)).toEqual({ cIntBytes: 4, sizeTBytes: 4, instructionBytes: 4, integerBytes: 4, numberBytes: 4 });
    });
});
