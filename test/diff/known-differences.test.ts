import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { batchProgram, CASES, splitOutput, type DiffCase } from "./cases.js";
import { NATIVE_LUA, requireNativeLua, runFengari, runNative } from "./vms.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function matches(actual: string | undefined, expected: string | RegExp): boolean {
    return actual !== undefined && (typeof expected === "string" ? actual === expected : expected.test(actual));
}

function expectedFor(c: DiffCase, vm: "fengari" | "native"): string | RegExp {
    return "both" in c.expected ? c.expected.both : c.expected[vm];
}

let fengari: Map<string, string>;
let native: Map<string, string> | undefined;

beforeAll(() => {
    const program = batchProgram(CASES);
    fengari = splitOutput(runFengari(program));
    native = NATIVE_LUA !== undefined ? splitOutput(runNative(program)) : undefined;
});

describe("known differences between fengari and native lua5.3", () => {
    it("has unique case ids", () => {
        expect(new Set(CASES.map(c => c.id)).size).toBe(CASES.length);
    });

    for (const c of CASES) {
        it(`${c.id}: fengari prints what is documented`, () => {
            const out = fengari.get(c.id);
            expect(matches(out, expectedFor(c, "fengari")), `fengari printed ${JSON.stringify(out)}`).toBe(true);
        });
        it(`${c.id}: native lua5.3 prints ${"both" in c.expected ? "the same" : "what is documented"}`, ctx => {
            requireNativeLua(ctx);
            const out = native!.get(c.id);
            expect(matches(out, expectedFor(c, "native")), `lua5.3 printed ${JSON.stringify(out)}`).toBe(true);
            if ("both" in c.expected) expect(out).toBe(fengari.get(c.id));
        });
    }

    it("docs/vm-differences.md explains every case whose outputs differ", () => {
        const doc = fs.readFileSync(path.join(root, "docs/vm-differences.md"), "utf8");
        const missing = CASES.filter(c => !("both" in c.expected) && !doc.includes(`\`${c.id}\``)).map(c => c.id);
        expect(missing).toEqual([]);
    });
});
