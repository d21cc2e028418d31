/**
 * The reference firmware's app/string-table module on luatos2021, the 2021
 * C code with the Air640W's 64 KB bget pool: after the pool is broken into
 * small free blocks, short strings that make Lua double its string table
 * from 512 to 1024 slots need one free 4 KB block. Without the growth at
 * boot that is "not enough memory" (the emergency collection frees blocks,
 * it cannot join them); with the module loaded at the end of boot the table
 * already has its 1024 slots and the same strings fit in the small blocks.
 *
 * The simulator does not model the pool's fragmentation (docs/leak.md,
 * "Fragmentation"), which is why this runs on the real C code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readLuaDb } from "../../image/luadb.js";
import { firmwareBuild } from "../firmware/firmware-build.js";
import { requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";

/**
 * A firmware's boot (names that stay loaded), then the pool broken up: kept
 * 70-byte strings between 330-byte ones that become garbage, until the pool
 * is nearly full. Then, with the collector stopped, 350 fresh short strings.
 * `GROW` loads the module at the end of the boot, as src/main.ts does.
 */
function fragmentingMain(grow: boolean): string {
    return `
local names = {}
for i = 1, 220 do names[i] = string.format("name%d", i) end
${grow ? 'require("app.string-table")' : ""}
collectgarbage("collect")
local keep = {}
for i = 1, 600 do keep[i] = false end
local n = 0
while select(2, rtos.meminfo()) <= 63000 do
  n = n + 1
  keep[n] = string.rep("k", 50) .. n
  local gap = string.rep("g", 300) .. n
end
collectgarbage("collect")
collectgarbage("stop")
local ok, err = pcall(function()
  for i = 1, 350 do local s = string.format("c%d", i) end
end)
collectgarbage("restart")
print("churn", ok, err)
`;
}

describe("app/string-table on the 2021 C code's fragmented pool", () => {
    const moduleBytes = (): Buffer => {
        const image = readLuaDb(fs.readFileSync(path.join(firmwareBuild().projectDir, "build", "script.bin")));
        const file = image.files.find(f => f.name === "app.string-table.luac");
        if (file === undefined) throw new Error(`the reference firmware's image has no app.string-table.luac: ${image.files.map(f => f.name).join(", ")}`);
        return file.data;
    };

    it("without the growth at boot, doubling the string table runs out of memory", { timeout: 120_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const lines = await runLuatos2021(binary, fragmentingMain(false), { forMs: 5000 });
        expect(lines).toContain("churn\tfalse\tnot enough memory");
    });

    it("with app/string-table loaded at the end of boot, the same strings fit", { timeout: 120_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const lines = await runLuatos2021(binary, fragmentingMain(true), { forMs: 5000, files: { "app.string-table.luac": moduleBytes() } });
        expect(lines.filter(l => l.startsWith("W/") || l.startsWith("E/"))).toEqual([]);
        expect(lines).toContain("churn\ttrue\tnil");
    });
});
