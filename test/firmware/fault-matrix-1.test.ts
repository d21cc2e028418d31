/** Fault matrix, first half (the cases are in fault-matrix.ts; split so vitest runs the halves in parallel). */
import { describe, it } from "vitest";
import { FAULT_CASES, runFaultCase } from "./fault-matrix.js";

describe("reference firmware under faults, 2 device hours each (1/2)", () => {
    for (const fault of FAULT_CASES.slice(0, 5)) {
        it(fault.name, async () => {
            await runFaultCase(fault);
        });
    }
});
