import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countSpecs, INSTALL_HINT, runBustedTier } from "../../scripts/busted-tier.js";
import { requireTools } from "../support/tools.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtureDir = path.join(root, "test/busted-tier/fixtures/failing");
const fixtureConfig = path.join(fixtureDir, "tsconfig.json");
const fixtureSpec = path.join(fixtureDir, "arith.spec.ts");

/** 1-based line of the fixture marked as the one that fails. */
function failingLine(): number {
    return fs.readFileSync(fixtureSpec, "utf8").split("\n").findIndex(l => l.includes("FAILING LINE")) + 1;
}

let outDir: string;
beforeEach(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "busted-tier-"));
});
afterEach(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
});

describe("busted tier", () => {
    it("counts the it/pending calls of spec sources", () => {
        expect(countSpecs([fixtureSpec])).toBe(3);
    });

    it("reports a failing spec at its TypeScript file and line", async ctx => {
        requireTools(ctx, [
            { name: "lua5.3", aptPackage: "lua5.3" },
            { name: "busted", aptPackage: "lua-busted" },
        ]);
        const result = await runBustedTier({ root, config: fixtureConfig, outDir: path.join(outDir, "lua") });
        expect(result).toMatchObject({ passed: 1, failed: 1, skipped: 1 });
        expect(result.report).toContain("FAIL fixture fails on purpose");
        expect(result.report).toContain(`test/busted-tier/fixtures/failing/arith.spec.ts:${failingLine()} (`);
        expect(result.report).toMatch(/busted \(lua5\.3\): 1 passed, 1 failed, 1 pending/);
    });

    it("skips every spec and names the packages when Lua is missing", async () => {
        const result = await runBustedTier({ root, config: fixtureConfig, outDir: path.join(outDir, "lua"), lua: "lua5.3-not-installed", env: { PATH: process.env.PATH } });
        expect(result).toMatchObject({ passed: 0, failed: 0, skipped: 3 });
        expect(result.report).toContain("lua5.3-not-installed not found");
        expect(result.report).toContain(INSTALL_HINT);
    });

    it("fails instead of skipping in CI", async () => {
        const result = await runBustedTier({ root, config: fixtureConfig, outDir: path.join(outDir, "lua"), busted: "busted-not-installed", env: { PATH: process.env.PATH, CI: "true" } });
        expect(result.passed).toBe(0);
        expect(result.skipped).toBe(0);
        expect(result.failed).toBe(3);
        expect(result.report).toContain("busted-not-installed not found");
        expect(result.report).toContain(INSTALL_HINT);
    });

    it("refuses to replace a folder it did not write", async () => {
        const foreign = path.join(outDir, "foreign");
        fs.mkdirSync(foreign);
        fs.writeFileSync(path.join(foreign, "keep.txt"), "not ours");
        await expect(runBustedTier({ root, config: fixtureConfig, outDir: foreign })).rejects.toThrow(/did not write/);
        expect(fs.existsSync(path.join(foreign, "keep.txt"))).toBe(true);
    });

    it("reports specs that do not compile with their TypeScript location", async () => {
        const broken = path.join(outDir, "broken");
        fs.mkdirSync(broken);
        fs.writeFileSync(
            path.join(broken, "tsconfig.json"),
            JSON.stringify({ extends: path.join(root, "tstl.json"), compilerOptions: { rootDir: "." }, include: ["./*.ts", path.join(root, "types/busted.d.ts")] }),
        );
        fs.writeFileSync(path.join(broken, "bad.spec.ts"), 'it("x", () => { const n: number = "text"; });\n');
        await expect(runBustedTier({ root: broken, config: "tsconfig.json", outDir: path.join(outDir, "lua") })).rejects.toThrow(/bad\.spec\.ts:1:\d+ - error TS2322/);
    });
});
