import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Compiling with TypeScript and simulating device hours take seconds, not milliseconds.
        testTimeout: 120_000,
        hookTimeout: 120_000,
    },
});
