/**
 * The footprint step of `luatos-ts build`: the simulated 32-bit heap after
 * boot against the board's Lua heap, written to build/size.json. The step
 * itself runs in process on Lua folders; two CLI runs check the wiring
 * (exit code, message, --no-heap-budget).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runFootprintStep } from "../../cli/commands/build.js";
import type { BuildResult } from "../../compiler/build.js";
import { compileStdlib } from "../../compiler/stdlib.js";
import { UserError } from "../../common/user-error.js";
import { makeTemp, removeTemp, runCliAsync, writeProject } from "../cli/helpers.js";

const root = makeTemp("heap-step");
afterAll(() => removeTemp(root));

const MAIN_HEAD = 'PROJECT = "t"\nVERSION = "1.0.0"\nsys = require("sys")\n';
const SMALL_LUA = MAIN_HEAD + 'sys.timerLoopStart(function() log.info("tick", 1) end, 1000)\nsys.run()\n';
// 6000 integers: an 8192-slot array part, 64 KB of 4-byte values and tags on a LUA_32BITS build.
const BIG_LUA = MAIN_HEAD + 'local big = {}\nfor i = 1, 6000 do big[i] = i end\nsys.timerLoopStart(function() log.info("big", #big) end, 1000)\nsys.run()\n';
const BIG_TS = `const big: number[] = [];\nfor (let i = 0; i < 6000; i++) big[i] = i;\nsys.timerLoopStart(() => log.info("big", big.length), 1000);\nsys.run();\n`;

/** A build as build() leaves it: build/lua with sys and main.lua, and build/size.json. */
function fakeBuild(name: string, mainLua: string): BuildResult {
    const buildDir = path.join(root, name, "build");
    const outDir = path.join(buildDir, "lua");
    fs.mkdirSync(outDir, { recursive: true });
    for (const file of compileStdlib()) if (file.name.endsWith(".lua")) fs.writeFileSync(path.join(outDir, file.name), file.data);
    fs.writeFileSync(path.join(outDir, "main.lua"), mainLua);
    const sizeFile = path.join(buildDir, "size.json");
    fs.writeFileSync(sizeFile, JSON.stringify({ total: 1 }) + "\n");
    return { project: { outDir, buildDir }, files: [], size: {}, sizeFile } as unknown as BuildResult;
}

interface SizeJson {
    total?: number;
    footprint: {
        device32: { afterBootBytes: number; limit: number; board: string; model: string };
        native64: { afterBootBytes?: number; skipped?: string };
    };
}

const readSize = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as SizeJson;

describe("runFootprintStep", () => {
    it("passes a small firmware, prints one line per figure and adds both to size.json", async () => {
        const result = fakeBuild("small", SMALL_LUA);
        const lines: string[] = [];
        await runFootprintStep(result, { board: "air640w", heapBudget: true, log: line => lines.push(line) });
        const size = readSize(result.sizeFile);
        expect(size.total).toBe(1);
        const { device32, native64 } = size.footprint;
        expect(device32).toMatchObject({ board: "air640w", model: "lua5.3-32bit", limit: 40 * 1024 });
        expect(device32.afterBootBytes).toBeGreaterThan(0);
        expect(device32.afterBootBytes).toBeLessThan(device32.limit);
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^Lua heap after boot \(air640w, lua5\.3-32bit estimate\): \d+\.\d KB of 40\.0 KB$/);
        expect(lines[1]).toMatch(/^Lua heap after boot on native lua5\.3 \(64-bit\): /);
        // Native lua5.3 when installed: a bigger (64-bit) figure; otherwise the reason.
        if (native64.skipped === undefined) expect(native64.afterBootBytes).toBeGreaterThan(device32.afterBootBytes);
        else expect(native64.skipped).toMatch(/apt-get install -y lua5\.3/);
    });

    it("fails a firmware holding a big table after boot, with the figures, and still writes them", async () => {
        const result = fakeBuild("big", BIG_LUA);
        const error = await runFootprintStep(result, { board: "air640w", heapBudget: true }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        const { afterBootBytes } = readSize(result.sizeFile).footprint.device32;
        expect(afterBootBytes).toBeGreaterThan(8192 * 8);
        expect((error as Error).message).toMatch(new RegExp(`^the firmware holds an estimated ${(afterBootBytes / 1024).toFixed(1)} KB \\(${afterBootBytes} bytes\\) of Lua heap after 10 s of boot .* more than the 40\\.0 KB \\(40960 bytes\\) Lua heap of air640w;`));
    });

    it("reports an over-budget heap as a warning line when the budget is off", async () => {
        const result = fakeBuild("big-allowed", BIG_LUA);
        const lines: string[] = [];
        await runFootprintStep(result, { board: "air640w", heapBudget: false, log: line => lines.push(line) });
        expect(lines).toHaveLength(3);
        expect(lines[2]).toMatch(/^warning: the firmware holds an estimated \d+\.\d KB .* Lua heap of air640w; .*\(--no-heap-budget: not failing\)$/);
    });

    it("takes the budget and number widths of the board", async () => {
        const [narrow, wide] = [fakeBuild("air640w", SMALL_LUA), fakeBuild("air101", SMALL_LUA)];
        await runFootprintStep(narrow, { board: "air640w", heapBudget: true });
        await runFootprintStep(wide, { board: "air101", heapBudget: true });
        const air101 = readSize(wide.sizeFile).footprint.device32;
        expect(air101).toMatchObject({ board: "air101", limit: 128 * 1024, model: "lua5.3-32bit-int64-float64" });
        // 16-byte values instead of 8-byte ones: the same firmware costs more.
        expect(air101.afterBootBytes).toBeGreaterThan(readSize(narrow.sizeFile).footprint.device32.afterBootBytes);
    });
});

describe.concurrent("luatos-ts build (CLI)", () => {
    const project = (name: string) => {
        const dir = path.join(root, name);
        fs.mkdirSync(dir);
        writeProject(dir, { "src/main.ts": BIG_TS });
        return dir;
    };

    it("exits 1 with one line when the heap after boot exceeds the board's", async () => {
        const result = await runCliAsync(["build", "--quiet"], project("cli-big"));
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/^luatos-ts: the firmware holds an estimated \d+\.\d KB \(\d+ bytes\) of Lua heap .* Lua heap of air640w; .* pass --no-heap-budget to build anyway\n$/);
    });

    it("builds with --no-heap-budget and --board, and rejects an unknown board", async () => {
        const [allowed, unknown] = await Promise.all([runCliAsync(["build", "--no-heap-budget", "-b", "air640w"], project("cli-allowed")), runCliAsync(["build", "-b", "air999"], root)]);
        expect(allowed.stderr).toBe("");
        expect(allowed.status).toBe(0);
        expect(allowed.stdout).toMatch(/^warning: the firmware holds an estimated/m);
        expect(unknown.status).toBe(1);
        expect(unknown.stderr).toBe('luatos-ts: unknown board "air999"; known boards: air640w, air302, air101, esp32\n');
    });
});
