/**
 * How much of the registered API the declarations type, from the committed
 * extracts (what `npm run api:coverage` prints), held at its level: every
 * module of both generations at 95% or more, which the script itself
 * enforces with its exit code.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { constantValueCounts, generationCoverage, MODULE_MINIMUM, moduleCoverage, modulesBelow } from "../../tools/api/coverage.js";
import { emitGeneration, readExtract } from "../../tools/api/emit.js";
import { readOverrides } from "../../tools/api/overrides.js";
import { REPO_ROOT } from "../../tools/api/paths.js";

/** Runs `npm run api:coverage` (the script itself, through tsx) with extra arguments. */
function runCoverage(...args: string[]) {
    return spawnSync(process.execPath, ["--import", "tsx", "tools/api/coverage.ts", ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
}

function totals(generation: string) {
    const rows = generationCoverage(generation);
    const registered = rows.reduce((n, r) => n + r.registered, 0);
    const typed = rows.reduce((n, r) => n + r.typed, 0);
    return { rows, percent: (100 * typed) / registered };
}

describe("API coverage", () => {
    it("counts the constants with a value, the light userdata ones and the others; the declarations type the first as literals", () => {
        const extract = readExtract("current");
        const counts = constantValueCounts(extract);
        expect(counts.valued + counts.pointers + counts.unknown).toBe(counts.total);
        // Most integer constants have their value (enum members and #define expressions are read).
        expect(counts.valued).toBeGreaterThan(0.9 * (counts.total - counts.pointers));
        const i2c = emitGeneration(extract, readOverrides("current")).files.get("i2c.d.ts")!;
        expect(i2c).toContain("const FAST: 1;");
    });

    for (const generation of ["2021", "current"]) {
        it(`types at least 95% of the registered members of ${generation}`, () => {
            expect(totals(generation).percent).toBeGreaterThanOrEqual(95);
        });
    }

    for (const generation of ["2021", "current"]) {
        it(`types at least ${MODULE_MINIMUM}% of every module of ${generation}`, () => {
            expect(modulesBelow(generationCoverage(generation)).map(r => `${r.module} ${r.typed}/${r.registered}`)).toEqual([]);
        });
    }

    it("npm run api:coverage exits 0 when every module reaches 95%, and non-zero naming the modules below the minimum", () => {
        const ok = runCoverage();
        expect(ok.stderr).toBe("");
        expect(ok.status).toBe(0);
        expect(ok.stdout).toMatch(/modules at 95% or more: 33 of 33/);
        // At a minimum no generation meets, it fails and names them.
        const strict = runCoverage("--generation", "2021", "--min", "100.5");
        expect(strict.status).not.toBe(0);
        expect(strict.stderr).toMatch(/^api:coverage: 33 module\(s\) below 100.5% typed: 2021\/adc \(100.0%\)/);
        expect(strict.stderr.trim().split("\n")).toHaveLength(1);
        expect(runCoverage("--min", "lots").status).toBe(2);
    });

    it("counts how each member got its type", () => {
        const report = emitGeneration(readExtract("2021"), readOverrides("2021")).modules;
        expect(report.get("wlan")!.members.get("get_mac")).toBe("annotated");
        expect(report.get("wlan")!.members.get("getMac")).toBe("alias");
        expect(report.get("gpio")!.members.get("HIGH")).toBe("constant");
        expect(report.get("socket")!.members.get("tcp")).toBe("override");
        expect(report.get("mqttcore")!.members.get("packCONNECT")).toBe("inferred");
        expect(report.get("mqtt2")!.members.get("new")).toBe("override");
        expect(report.get("pm")!.members.get("dtimerList")).toBe("inferred");
        const current = emitGeneration(readExtract("current"), readOverrides("current")).modules;
        expect(current.get("socket")!.members.get("create")).toBe("override");
        expect(current.get("zbuff")!.members.get(":write")).toBe("override");
        expect(current.get("zbuff")!.members.get(":readU32")).toBe("annotated");
    });

    it("counts an untyped member as not typed", () => {
        const c = moduleCoverage("m", { members: new Map([["a", "annotated"], ["b", "untyped"], ["c", "inexpressible"]]) });
        expect(c).toMatchObject({ registered: 3, typed: 1, untyped: 1, inexpressible: 1 });
    });
});
