/**
 * The heap step of `luatos-ts build`: the simulated 32-bit heap after
 * boot against the board's Lua heap, written to build/size.json. The step
 * itself runs in process on Lua folders; CLI runs check the wiring
 * (exit code, message, --no-heap-budget, size.json).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../compiler/diagnostics.js";
import { measureHeap } from "../../compiler/stages/heap.js";
import { compileStdlib } from "../../compiler/stdlib.js";
import { getBoard } from "../../image/boards.js";
import { makeTemp, removeTemp, runCliAsync, writeProject } from "../cli/helpers.js";

const root = makeTemp("heap-step");
afterAll(() => removeTemp(root));

const MAIN_HEAD = 'PROJECT = "t"\nVERSION = "1.0.0"\nsys = require("sys")\n';
const SMALL_LUA = MAIN_HEAD + 'sys.timerLoopStart(function() log.info("tick", 1) end, 1000)\nsys.run()\n';
// 6000 integers: an 8192-slot array part, 64 KB of 4-byte values and tags on a LUA_32BITS build.
const BIG_LUA = MAIN_HEAD + 'local big = {}\nfor i = 1, 6000 do big[i] = i end\nsys.timerLoopStart(function() log.info("big", #big) end, 1000)\nsys.run()\n';
const BIG_TS = `const big: number[] = [];\nfor (let i = 0; i < 6000; i++) big[i] = i;\nsys.timerLoopStart(() => log.info("big", big.length), 1000);\nsys.run();\n`;

/** A Lua folder as the build stages it: sys and main.lua. */
function luaFolder(name: string, mainLua: string): string {
    const outDir = path.join(root, name, "build", "lua");
    fs.mkdirSync(outDir, { recursive: true });
    for (const file of compileStdlib()) if (file.name.endsWith(".lua")) fs.writeFileSync(path.join(outDir, file.name), file.data);
    fs.writeFileSync(path.join(outDir, "main.lua"), mainLua);
    return outDir;
}

interface SizeJson {
    total?: number;
    footprint: {
        device32: { afterBootBytes: number; limit: number; board: string; model: string; luaForm: string; poolPrediction?: { bytes: number; limit: number } };
        native64: { afterBootBytes?: number; skipped?: string };
    };
}

const readSize = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as SizeJson;

describe("measureHeap (the heap stage)", () => {
    it("passes a small firmware with one line per figure", async () => {
        const { footprint, diagnostics, lines } = await measureHeap(luaFolder("small", SMALL_LUA), { board: getBoard("air640w"), heapBudget: true });
        expect(diagnostics).toEqual([]);
        const { device32, native64 } = footprint;
        expect(device32).toMatchObject({ board: "air640w", model: "lua5.3-32bit", limit: 40 * 1024 });
        expect(device32.afterBootBytes).toBeGreaterThan(0);
        expect(device32.afterBootBytes).toBeLessThan(device32.limit);
        expect(lines).toHaveLength(3);
        expect(lines[0]).toMatch(/^Lua heap after boot \(air640w, lua5\.3-32bit estimate, source\): \d+\.\d KB$/);
        expect(lines[1]).toMatch(/^Lua heap after boot on native lua5\.3 \(64-bit\): /);
        expect(lines[2]).toMatch(/^Lua pool needed to boot \(air640w, predicted\): \d+\.\d KB of 64\.0 KB \(interpreter 9\.9 KB \+ firmware \d+\.\d KB \+ headroom \d+\.\d KB \+ compiling source \d+\.\d KB\)$/);
        const prediction = device32.poolPrediction!;
        expect(prediction.limit).toBe(65536);
        expect(prediction.bytes).toBe(prediction.baseBytes + prediction.liveBytes + prediction.headroomBytes + prediction.loadBytes);
        // Native lua5.3 when installed: a bigger (64-bit) figure; otherwise the reason.
        if ("skipped" in native64) expect(native64.skipped).toMatch(/apt-get install -y lua5\.3/);
        else expect(native64.afterBootBytes).toBeGreaterThan(device32.afterBootBytes!);
    });

    it("fails a firmware holding a big table after boot with LTS2004 and the figures", async () => {
        const { footprint, diagnostics } = await measureHeap(luaFolder("big", BIG_LUA), { board: getBoard("air640w"), heapBudget: true, lua: false });
        const afterBootBytes = footprint.device32.afterBootBytes!;
        expect(afterBootBytes).toBeGreaterThan(8192 * 8);
        expect(diagnostics.map(d => formatDiagnostic(d))).toHaveLength(1);
        const needed = footprint.device32.poolPrediction!.bytes;
        expect(needed).toBeGreaterThan(65536);
        expect(formatDiagnostic(diagnostics[0]!)).toMatch(
            new RegExp(`^error LTS2004: the firmware needs an estimated ${(needed / 1024).toFixed(1)} KB \\(${needed} bytes\\) of Lua pool to boot \\(.*\\), more than the 64\\.0 KB \\(65536 bytes\\) Lua pool of air640w;`),
        );
    });

    it("reports an over-budget heap as a warning (LTS2005) when the budget is off", async () => {
        const { diagnostics } = await measureHeap(luaFolder("big-allowed", BIG_LUA), { board: getBoard("air640w"), heapBudget: false, lua: false });
        expect(diagnostics.map(d => formatDiagnostic(d))).toEqual([expect.stringMatching(/^warning LTS2005: the firmware needs an estimated \d+\.\d KB .* Lua pool of air640w; .*\(--no-heap-budget: not failing\)$/)]);
    });

    it("takes the budget and number widths of the board", async () => {
        const narrow = await measureHeap(luaFolder("air640w", SMALL_LUA), { board: getBoard("air640w"), heapBudget: true, lua: false });
        const wide = await measureHeap(luaFolder("air101", SMALL_LUA), { board: getBoard("air101"), heapBudget: true, lua: false });
        expect(wide.footprint.device32).toMatchObject({ board: "air101", limit: 128 * 1024, model: "lua5.3-32bit-int64-float64" });
        // 16-byte values instead of 8-byte ones: the same firmware costs more.
        expect(wide.footprint.device32.afterBootBytes).toBeGreaterThan(narrow.footprint.device32.afterBootBytes!);
    });
});

describe("measureHeap on the Air302", () => {
    // Only the Air302's 2021 firmware opens adc and pm and has no wlan (bsp/air302/src/luat_air302_base.c); its rtos.bsp() is "ec616".
    const AIR302_LUA = MAIN_HEAD + 'assert(type(adc) == "userdata" and type(pm) == "userdata", "no adc")\nassert(wlan == nil, "wlan")\nassert(rtos.bsp() == "ec616", rtos.bsp())\nsys.timerLoopStart(function() log.info("tick", 1) end, 1000)\nsys.run()\n';

    it("boots the Air302's own firmware, and checks the pool against the Air302's", async () => {
        const folder = luaFolder("air302", AIR302_LUA);
        const air302 = await measureHeap(folder, { board: getBoard("air302"), heapBudget: true, lua: false });
        expect(air302.diagnostics.map(d => formatDiagnostic(d))).toEqual([]);
        expect(air302.footprint.device32.board).toBe("air302");
        expect(air302.footprint.device32.afterBootBytes).toBeGreaterThan(0);
        expect(air302.footprint.device32.poolPrediction!.limit).toBe(78 * 1024);
        expect(air302.lines[2]).toMatch(/^Lua pool needed to boot \(air302, predicted\): \d+\.\d KB of 78\.0 KB /);
        // The same firmware on the Air640W's: no adc there, so its boot fails (LTS2003).
        const air640w = await measureHeap(folder, { board: getBoard("air640w"), heapBudget: true, lua: false });
        expect(air640w.diagnostics.map(d => formatDiagnostic(d))).toEqual([expect.stringMatching(/^error LTS2003: .*no adc/)]);
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
        expect(result.stderr).toMatch(/^luatos-ts: error LTS2004: the firmware needs an estimated \d+\.\d KB \(\d+ bytes\) of Lua pool to boot .* Lua pool of air640w; .* pass --no-heap-budget to build anyway\n$/);
    });

    it("builds with --no-heap-budget and --board, and rejects an unknown board", async () => {
        const [allowed, unknown] = await Promise.all([runCliAsync(["build", "--no-heap-budget", "-b", "air640w"], project("cli-allowed")), runCliAsync(["build", "-b", "air999"], root)]);
        expect(allowed.stderr).toBe("");
        expect(allowed.status).toBe(0);
        // size.json is written once, with the size report and the heap figures.
        const size = readSize(path.join(root, "cli-allowed", "build", "size.json"));
        expect(allowed.stdout).toMatch(/^warning LTS2005: the firmware needs an estimated/m);
        // The 2021 board's default: the image ships stripped 32-bit bytecode, and the heap step booted it.
        expect(size.footprint.device32.luaForm).toBe("bytecode");
        expect(size.total).toBeGreaterThan(0);
        expect(size.footprint.device32.afterBootBytes).toBeGreaterThan(40 * 1024);
        expect(unknown.status).toBe(1);
        expect(unknown.stderr).toBe('luatos-ts: unknown board "air999"; known boards: air640w, air302, air101, esp32, pc, air780epm, air8000\n');
    });
});
