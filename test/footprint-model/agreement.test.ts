/**
 * The heap model against the real interpreter: the same programs measured
 * with collectgarbage("count") on native lua5.3 (compiler/native-heap.ts) and
 * estimated on the simulator with the 64-bit model, base interpreter
 * subtracted on both sides, must agree within {@link tolerance}.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { measureBootHeap } from "../../runtime/boot-heap.js";
import { LUA53_32BIT, LUA53_64BIT } from "../../runtime/memory.js";
import { measureFootprint } from "../../compiler/native-heap.js";
import { requireNativeLua } from "../diff/vms.js";
import { PROGRAMS, tolerance, writeProgram } from "./programs.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heap-model-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("the 64-bit heap model agrees with native lua5.3", () => {
    for (const name of Object.keys(PROGRAMS)) {
        it(name, async ctx => {
            requireNativeLua(ctx);
            const dir = writeProgram(tmp, name);
            const [native, simulated] = await Promise.all([measureFootprint(dir, { hours: 0 }), measureBootHeap(dir, { model: LUA53_64BIT })]);
            expect(native?.problems).toBeUndefined();
            expect(simulated.problems).toBeUndefined();
            const measured = native!.afterBootBytes!;
            const estimated = simulated.afterBootBytes!;
            expect(measured).toBeGreaterThan(0);
            expect(Math.abs(estimated - measured), `native ${measured} B, simulator ${estimated} B`).toBeLessThanOrEqual(tolerance(measured, simulated.stringTableBytes!));
        });
    }
});

describe("the 32-bit figure of the same model", () => {
    it("is below the 64-bit one for every program, by the narrower values and pointers", async () => {
        const dir = writeProgram(tmp, "1000 integers");
        const [wide, narrow] = await Promise.all([measureBootHeap(dir, { model: LUA53_64BIT }), measureBootHeap(dir, { model: LUA53_32BIT })]);
        // 1024 array slots of a 16-byte TValue against an 8-byte one, and more.
        expect(wide.afterBootBytes! - narrow.afterBootBytes!).toBeGreaterThan(1024 * 8);
        expect(narrow.model).toBe("lua5.3-32bit");
    });
});
