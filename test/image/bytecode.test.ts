import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { LUA, LUAC, requireTools } from "../support/tools.js";
import { readBytecodeHeader, retargetSizeT } from "../../image/bytecode.js";


function compile(source: string): Buffer {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bytecode-test-"));
    try {
        fs.writeFileSync(path.join(dir, "in.lua"), source);
        const result = spawnSync("luac5.3", ["-s", "-o", path.join(dir, "out.luac"), path.join(dir, "in.lua")]);
        expect(result.status, result.stderr.toString()).toBe(0);
        return fs.readFileSync(path.join(dir, "out.luac"));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function runChunk(chunk: Buffer): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bytecode-run-"));
    try {
        const file = path.join(dir, "chunk.luac");
        fs.writeFileSync(file, chunk);
        const result = spawnSync("lua5.3", [file]);
        expect(result.status, result.stderr.toString()).toBe(0);
        return result.stdout.toString();
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const LONG = "x".repeat(300);
const PROGRAM = `
local long = "${LONG}"
local function f(a, ...) local t = {...} return a + #t, 2.5, nil, true end
local g = function() return f(40, 1, 2) end
print(#long, 1 << 40, "short", g())
`;

describe("Lua 5.3 bytecode", () => {
    it("rejects what is not Lua 5.3 bytecode", () => {
        expect(() => readBytecodeHeader(Buffer.from("print(1)"), "x.lua")).toThrow(/x\.lua is not usable Lua 5\.3 bytecode: .*signature/);
        const fake = Buffer.from("\x1bLuaR\x00\x19\x93\r\n\x1a\n\x04\x08\x04\x08\x08", "latin1");
        expect(() => readBytecodeHeader(fake)).toThrow(/Lua version 5\.2/);
    });

    it("reads the header of Debian's luac5.3 with 64-bit numbers and size_t (needs luac5.3 on PATH)", ctx => {
        requireTools(ctx, [LUAC, LUA]);
        expect(readBytecodeHeader(compile("return 1"))).toEqual({ cIntBytes: 4, sizeTBytes: 8, instructionBytes: 4, integerBytes: 8, numberBytes: 8 });
    });

    it("rewrites size_t to 4 bytes and back without changing the program (needs luac5.3 and lua5.3 on PATH)", ctx => {
        requireTools(ctx, [LUAC, LUA]);
        const original = compile(PROGRAM);
        const narrow = retargetSizeT(original, 4);
        expect(readBytecodeHeader(narrow).sizeTBytes).toBe(4);
        // One long string (300 bytes) carries a size_t: 4 bytes shorter.
        expect(narrow.length).toBe(original.length - 4);
        const wide = retargetSizeT(narrow, 8);
        expect(wide.equals(original)).toBe(true);
        expect(runChunk(wide)).toBe("300\t1099511627776\tshort\t42\t2.5\tnil\ttrue\n");
    });

    it("leaves a chunk alone when size_t already matches (needs luac5.3 on PATH)", ctx => {
        requireTools(ctx, [LUAC, LUA]);
        const original = compile("return 1");
        expect(retargetSizeT(original, 8).equals(original)).toBe(true);
    });

    it("refuses a truncated chunk (needs luac5.3 on PATH)", ctx => {
        requireTools(ctx, [LUAC, LUA]);
        const original = compile(PROGRAM);
        expect(() => retargetSizeT(original.subarray(0, original.length - 3), 4, "m.lua")).toThrow(/m\.lua: bytecode ends in the middle/);
    });
});
