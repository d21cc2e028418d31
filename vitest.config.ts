import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Compiling with TypeScript and simulating device hours take seconds, not milliseconds.
        testTimeout: 120_000,
        hookTimeout: 120_000,
        // Many test files spend their time waiting on other processes (the reference programs run on the
        // wall clock, the heap step spawns lua5.3): on two cores two workers keep both busy, where vitest's
        // default (cores - 1) runs one file at a time. Measured: 335 s instead of 588 s for the suite.
        maxWorkers: Math.max(2, availableParallelism() - 1),
    },
});
