/**
 * The built-in bytecode writer for LUA_32BITS boards (image/lua-dump.ts):
 * its chunks carry the board's sizes, load in the simulator (widened for
 * fengari) and on the 2021 firmware's own code (luatos2021), and run there
 * exactly like the source they came from.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../common/user-error.js";
import { readBytecodeHeader, widenFloats } from "../../image/bytecode.js";
import { dumpLua32 } from "../../image/lua-dump.js";
import { lualib } from "fengari";
import { lauxlib, lua, textOf } from "../../runtime/lua.js";
import { run2021 } from "../support/luatos2021.js";
import { requireReferenceBinary } from "../support/reference-programs.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "lua-dump-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A program touching what the writer encodes: integers, floats, long strings, varargs, closures, coroutines, an error with a local's name. */
const PROGRAM = `
local t = {}
for i = 1, 10 do t[#t + 1] = i * 3 end
local function f(a, ...) return a + select("#", ...) end
print("sum", f(1, 2, 3), #t, t[10], 0.1, 1.5, -2.25, 2^31, 2147483647 + 1, 7 // 2, 7 / 2, 16777217.0)
print("long", "${"long string ".repeat(30)}")
local s = 0
for i = 1, 100 do s = s + i * 0.5 end
print("s", s, math.floor(3.7), string.format("%d %s", 42, "x"), 1e10, 0.3, true, nil)
local up = 0
local function counter() up = up + 1; return up end
counter(); counter()
print("up", counter())
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); print("co", b) end)
print("co1", co(1)); co(5)
local ok, err = pcall(function() local x = nil; return x.y end)
print("err", ok, err)
`;

function writeDir(name: string, file: string, data: Uint8Array | string): string {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), data);
    return dir;
}

/** What luatos2021 printed of the program (its own banner and exit lines left out). */
function programLines(output: string): string[] {
    return output.split("\n").filter(line => /^(sum|long|s|up|co|co1|err)\t/.test(line));
}

describe("dumpLua32", () => {
    it("writes a Lua 5.3 chunk with the sizes of a LUA_32BITS board", () => {
        const chunk = dumpLua32(Buffer.from(PROGRAM), "@/main.lua");
        expect(readBytecodeHeader(chunk)).toEqual({ cIntBytes: 4, sizeTBytes: 4, instructionBytes: 4, integerBytes: 4, numberBytes: 4 });
        // LUAC_NUM as a float: 370.5.
        expect(chunk.readFloatLE(12 + 5 + 4)).toBe(370.5);
        // Stripped: the source name is not in the chunk; kept with keep-lines.
        expect(chunk.includes(Buffer.from("main.lua"))).toBe(false);
        expect(dumpLua32(Buffer.from(PROGRAM), "@/main.lua", "keep-lines").includes(Buffer.from("/main.lua"))).toBe(true);
        // Each strip mode keeps more.
        const sizes = (["all", "keep-lines", "none"] as const).map(mode => dumpLua32(Buffer.from(PROGRAM), "@/main.lua", mode).length);
        expect(sizes[0]).toBeLessThan(sizes[1]!);
        expect(sizes[1]).toBeLessThan(sizes[2]!);
    });

    it("refuses source that does not parse, naming the file and line", () => {
        expect(() => dumpLua32(Buffer.from("local x = \n"), "@/lib.conn.lua")).toThrow(UserError);
        expect(() => dumpLua32(Buffer.from("local x = \n"), "@/lib.conn.lua")).toThrow(/^lib\.conn\.lua does not compile: .*lib\.conn\.lua:2:/);
    });

    it("loads in fengari once widened, and computes what the source computes", () => {
        const run = (chunk: Uint8Array) => {
            const L = lauxlib.luaL_newstate();
            lualib.luaL_openlibs(L);
            const data = widenFloats(chunk);
            expect(lauxlib.luaL_loadbufferx(L, data, data.length, Buffer.from("=t"), null)).toBe(lua.LUA_OK);
            lua.lua_call(L, 0, 1);
            return textOf(lua.lua_tolstring(L, -1) as Uint8Array);
        };
        const source = Buffer.from('local t = {} for i = 1, 5 do t[i] = i * 1.5 end return table.concat(t, ",") .. string.rep("z", 300)');
        expect(run(dumpLua32(source, "@/t.lua"))).toBe(run(source));
    });

    it("runs on the 2021 firmware's code exactly like the source (luatos2021)", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const source = await run2021(binary, writeDir("source", "main.lua", PROGRAM), { heap: 65536, forMs: 1000, marker: "err\t" });
        const lines = programLines(source.output);
        expect(lines).toHaveLength(7);
        expect(lines.at(-1)).toBe("err\tfalse\t/main.lua:16: attempt to index a nil value (local 'x')");
        for (const [mode, errLine] of [
            ["none", "err\tfalse\t/main.lua:16: attempt to index a nil value (local 'x')"],
            ["keep-lines", "err\tfalse\t/main.lua:16: attempt to index a nil value"],
            ["all", "err\tfalse\t?:-1: attempt to index a nil value"],
        ] as const) {
            const chunk = dumpLua32(Buffer.from(PROGRAM), "@/main.lua", mode);
            const compiled = await run2021(binary, writeDir(`bytecode-${mode}`, "main.luac", chunk), { heap: 65536, forMs: 1000, marker: "err\t" });
            expect(compiled.output).not.toMatch(/not enough memory|precompiled chunk/);
            expect(programLines(compiled.output)).toEqual([...lines.slice(0, -1), errLine]);
        }
    });
});
