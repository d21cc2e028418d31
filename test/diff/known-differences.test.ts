import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { batchProgram, CASES, splitOutput, type DiffCase } from "./cases.js";
import { findReferenceBinary, requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";
import { NATIVE_LUA, requireNativeLua, runFengari, runNative } from "./vms.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function matches(actual: string | undefined, expected: string | RegExp): boolean {
    return actual !== undefined && (typeof expected === "string" ? actual === expected : expected.test(actual));
}

function expectedFor(c: DiffCase, vm: "simulator" | "native" | "device"): string | RegExp {
    if (vm === "device" && c.expected.device !== undefined) return c.expected.device;
    if ("both" in c.expected) return c.expected.both;
    return vm === "native" ? c.expected.native : c.expected.simulator;
}

let simulator: Map<string, string>;
let native: Map<string, string> | undefined;
let device: Map<string, string> | undefined;

beforeAll(async () => {
    const program = batchProgram(CASES);
    simulator = splitOutput(runFengari(program));
    native = NATIVE_LUA !== undefined ? splitOutput(runNative(program)) : undefined;
    const luatos2021 = findReferenceBinary("luatos2021");
    device = luatos2021 !== undefined ? splitOutput((await runLuatos2021(luatos2021, program, { luaHeapBytes: 1024 * 1024 })).join("\n")) : undefined;
});

describe("known differences between the simulator, native lua5.3 and the 2021 firmware", () => {
    it("has unique case ids", () => {
        expect(new Set(CASES.map(c => c.id)).size).toBe(CASES.length);
    });

    for (const c of CASES) {
        it(`${c.id}: the simulator prints what is documented`, () => {
            const out = simulator.get(c.id);
            expect(matches(out, expectedFor(c, "simulator")), `the simulator printed ${JSON.stringify(out)}`).toBe(true);
        });
        it(`${c.id}: native lua5.3 prints ${"both" in c.expected ? "the same" : "what is documented"}`, ctx => {
            requireNativeLua(ctx);
            const out = native!.get(c.id);
            expect(matches(out, expectedFor(c, "native")), `lua5.3 printed ${JSON.stringify(out)}`).toBe(true);
            if ("both" in c.expected) expect(out).toBe(simulator.get(c.id));
        });
        it(`${c.id}: luatos2021 prints ${c.expected.device === undefined ? "what the simulator prints" : "what is documented"}`, ctx => {
            requireReferenceBinary(ctx, "luatos2021");
            const out = device!.get(c.id);
            expect(matches(out, expectedFor(c, "device")), `luatos2021 printed ${JSON.stringify(out)}`).toBe(true);
            if (c.expected.device === undefined) expect(out).toBe(simulator.get(c.id));
        });
    }

    it("docs/vm-differences.md explains every case whose outputs differ", () => {
        const doc = fs.readFileSync(path.join(root, "docs/vm-differences.md"), "utf8");
        const missing = CASES.filter(c => (!("both" in c.expected) || c.expected.device !== undefined) && !doc.includes(`\`${c.id}\``)).map(c => c.id);
        expect(missing).toEqual([]);
    });
});
