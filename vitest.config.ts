import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { WALL_CLOCK_FILES, WallClockFirstSequencer } from "./test/support/wall-clock-sequencer.js";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Compiling with TypeScript and simulating device hours take seconds, not milliseconds.
        testTimeout: 120_000,
        hookTimeout: 120_000,
        // Many test files spend their time waiting on other processes (the reference programs run on the
        // wall clock, the heap step spawns lua5.3): on two cores two workers keep both busy, where vitest's
        // default (cores - 1) runs one file at a time. Measured: 335 s instead of 588 s for the suite.
        // Plus one slot per wall-clock-bound file (the five-minute run of the reference firmware on
        // luatos-pc): the sequencer starts those first, so each holds its own slot, nearly idle, while
        // the other files share the usual number of workers beside it. Once it ends (or when a filter
        // leaves it out), the slot runs ordinary files too. Measured on two cores:
        // `npx vitest run test/real-firmware test/runtime-current test/boards` takes 330 s, the five-minute
        // run's 316 s with the 14 other files (241 s of tests) finished beside it. (Starting the runtime in
        // a globalSetup instead would leave its verdict to the teardown, outside the test counts; a
        // separate project cannot run beside the others with a different worker count.)
        maxWorkers: Math.max(2, availableParallelism() - 1) + WALL_CLOCK_FILES.length,
        sequence: { sequencer: WallClockFirstSequencer },
        // Files of one worker share its module cache: TypeScript, TSTL and the simulator load once per
        // worker instead of once per file (the suite's import time: 97 s -> 20 s on a fresh clone). Tests keep no
        // state in modules between files: each builds its own devices, projects and temporary folders.
        isolate: false,
    },
});
