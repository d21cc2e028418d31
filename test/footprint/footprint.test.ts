import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileStdlib } from "../../compiler/stdlib.js";
import { getBoard } from "../../image/boards.js";
import { checkFootprintBudget, measureFootprint, missingInterpreterNotice, type Footprint } from "../../compiler/native-heap.js";
import { compileReferenceFirmware } from "../diff/firmware.js";
import { requireNativeLua } from "../diff/vms.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "footprint-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A build folder with the toolkit's sys and the given Lua files. */
function buildFolder(name: string, files: Record<string, string | Buffer>): string {
    const dir = path.join(tmp, name);
    const sys = Object.fromEntries(compileStdlib().filter(f => f.name.endsWith(".lua")).map(f => [f.name, f.data]));
    for (const [file, data] of Object.entries({ ...sys, ...files })) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), data);
    }
    return dir;
}

const MAIN_HEAD = 'PROJECT = "t"\nVERSION = "1.0.0"\nsys = require("sys")\n';

describe("measureFootprint", () => {
    it("charges a module with a big table more than a small one", async ctx => {
        requireNativeLua(ctx);
        const dir = buildFolder("sizes", {
            "main.lua": MAIN_HEAD + 'require("small")\nrequire("lib.big")\nsys.run()\n',
            "small.lua": "return { 1, 2, 3 }\n",
            "lib/big.lua": "local t = {}\nfor i = 1, 4000 do t[i] = i end\nreturn t\n",
        });
        const footprint = (await measureFootprint(dir))!;
        expect(Object.keys(footprint.modules).sort()).toEqual(["lib/big.lua", "small.lua", "sys.lua"]);
        expect(footprint.modules["small.lua"]).toBeGreaterThan(0);
        // 4000 array slots of at least 8 bytes each.
        expect(footprint.modules["lib/big.lua"]! - footprint.modules["small.lua"]!).toBeGreaterThan(4000 * 8);
        expect(footprint.afterBootBytes).toBeGreaterThan(footprint.modules["lib/big.lua"]!);
        expect(footprint.note).toMatch(/upper bound/);
    });

    it("shows a leaking firmware growing hour after hour, and a steady one staying put", async ctx => {
        requireNativeLua(ctx);
        const leaking = buildFolder("leaking", {
            "main.lua": MAIN_HEAD + 'local kept = {}\nsys.timerLoopStart(function() kept[#kept + 1] = string.rep("x", 50) .. #kept end, 1000)\nsys.run()\n',
        });
        const steady = buildFolder("steady", {
            "main.lua": MAIN_HEAD + 'local last\nsys.timerLoopStart(function() last = string.rep("x", 50) .. os.time() end, 1000)\nsys.run()\n',
        });
        const options = { hourMs: 120_000, hours: 3 };
        const [leak, ok] = await Promise.all([measureFootprint(leaking, options), measureFootprint(steady, options)]);
        const grow = leak!.hourlyBytes!;
        expect(grow).toHaveLength(3);
        // 120 strings of ~60 bytes an "hour".
        expect(grow[1]! - grow[0]!).toBeGreaterThan(120 * 50);
        expect(grow[2]! - grow[1]!).toBeGreaterThan(120 * 50);
        const flat = ok!.hourlyBytes!;
        expect(Math.abs(flat[2]! - flat[1]!)).toBeLessThan(512);
        expect(Math.abs(flat[1]! - flat[0]!)).toBeLessThan(512);
    });

    it("measures the reference firmware: every module, boot and an hour of acknowledged traffic", async ctx => {
        requireNativeLua(ctx);
        const dir = buildFolder("reference", compileReferenceFirmware());
        const started = Date.now();
        const footprint = (await measureFootprint(dir, { hours: 2 }))!;
        const elapsed = Date.now() - started;
        expect(footprint.problems).toBeUndefined();
        expect(Object.keys(footprint.modules)).toEqual(expect.arrayContaining(["app/telemetry.lua", "lib/connection.lua", "sys.lua"]));
        expect(footprint.modules["app/telemetry.lua"]).toBeGreaterThan(footprint.modules["lib/connection.lua"]!);
        expect(footprint.afterBootBytes).toBeGreaterThan(footprint.modules["app/telemetry.lua"]!);
        expect(footprint.afterHourBytes).toBeGreaterThanOrEqual(footprint.afterBootBytes!);
        // Acknowledged samples are released: the second hour does not grow like a leak would.
        const [first, second] = footprint.hourlyBytes!;
        expect(second! - first!).toBeLessThan(1024);
        expect(elapsed).toBeLessThan(10_000);
    });

    it("reports a firmware that raises at boot instead of a figure", async ctx => {
        requireNativeLua(ctx);
        const dir = buildFolder("broken", { "main.lua": MAIN_HEAD + 'gpio.setup(1, 0)\nsys.run()\n' });
        const footprint = (await measureFootprint(dir))!;
        expect(footprint.afterBootBytes).toBeUndefined();
        expect(footprint.problems?.[0]).toMatch(/gpio/);
        expect(checkFootprintBudget(footprint, "air640w")).toMatchObject({ fits: true });
    });

    it("refuses a folder without main.lua", async ctx => {
        requireNativeLua(ctx);
        const dir = buildFolder("no-main", { "x.lua": "return 1\n" });
        await expect(measureFootprint(dir)).rejects.toThrow(/no main\.lua/);
    });

    it("resolves to undefined without lua5.3, and the notice is given once", async () => {
        expect(await measureFootprint(tmp, { lua: "lua5.3-not-installed" })).toBeUndefined();
        const first = missingInterpreterNotice();
        expect(first).toContain("apt-get install -y lua5.3");
        expect(missingInterpreterNotice()).toBeUndefined();
    });
});

describe("checkFootprintBudget", () => {
    const footprint = (afterBootBytes?: number): Footprint => ({ interpreter: "lua5.3", baseBytes: 0, modules: {}, afterBootBytes, note: "" });

    it("fails when the after-boot heap exceeds the board's Lua heap", () => {
        const over = checkFootprintBudget(footprint(41 * 1024), "air640w");
        expect(over.fits).toBe(false);
        expect(over.limit).toBe(getBoard("air640w").luaHeapBytes);
        expect(over.message).toMatch(/41\.0 KB.*more than the 40\.0 KB Lua heap of air640w/);
    });

    it("passes at or under the budget, and on a board with a bigger heap", () => {
        expect(checkFootprintBudget(footprint(40 * 1024), "air640w").fits).toBe(true);
        expect(checkFootprintBudget(footprint(41 * 1024), getBoard("air101")).fits).toBe(true);
    });

    it("does not fail an unmeasured boot, and says why", () => {
        const budget = checkFootprintBudget({ ...footprint(undefined), problems: ["main.lua: boom"] }, "air640w");
        expect(budget.fits).toBe(true);
        expect(budget.message).toContain("boom");
    });
});
