import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The toolkit ships TypeScript sources; let vitest compile them instead of handing them to Node.
        server: { deps: { inline: ["luatos-ts"] } },
        testTimeout: 60_000,
    },
});
