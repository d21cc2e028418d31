/**
 * Prints how the simulator's heap model compares with native lua5.3 on the
 * validation programs of test/footprint-model, and the 32-bit figures:
 * `npx tsx bench/heap-model.ts`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { measureBootHeap } from "../runtime/boot-heap.js";
import { LUA53_32BIT, LUA53_64BIT } from "../runtime/memory.js";
import { measureFootprint, FOOTPRINT_INSTALL_HINT } from "../compiler/native-heap.js";
import { PROGRAMS, tolerance, writeProgram } from "../test/footprint-model/programs.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heap-model-bench-"));
try {
    console.log(`${"program".padEnd(20)} ${"native64".padStart(9)} ${"model64".padStart(9)} ${"diff".padStart(7)} ${"allowed".padStart(8)} ${"model32".padStart(9)}`);
    for (const name of Object.keys(PROGRAMS)) {
        const dir = writeProgram(tmp, name);
        const [native, wide, narrow] = await Promise.all([
            measureFootprint(dir, { hours: 0 }),
            measureBootHeap(dir, { model: LUA53_64BIT }),
            measureBootHeap(dir, { model: LUA53_32BIT }),
        ]);
        if (native === undefined) {
            console.log(`lua5.3 not found; install with: ${FOOTPRINT_INSTALL_HINT}`);
            break;
        }
        const measured = native.afterBootBytes ?? NaN;
        const estimated = wide.afterBootBytes ?? NaN;
        const diff = `${(((estimated - measured) / measured) * 100).toFixed(1)}%`;
        console.log(
            `${name.padEnd(20)} ${String(measured).padStart(9)} ${String(estimated).padStart(9)} ${diff.padStart(7)} ${String(tolerance(measured, wide.stringTableBytes ?? 0)).padStart(8)} ${String(narrow.afterBootBytes).padStart(9)}`,
        );
    }
} finally {
    fs.rmSync(tmp, { recursive: true, force: true });
}
