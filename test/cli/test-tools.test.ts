import { afterEach, describe, expect, it, vi } from "vitest";
import { findReferenceBinary, requireReferenceBinary } from "../support/reference-programs.js";
import { findTool, missingToolsMessage, requireTool } from "../support/tools.js";

/** A context whose skip records the note instead of skipping this test. */
function recordingContext(): { skip: (note?: string) => never; notes: string[] } {
    const notes: string[] = [];
    return {
        notes,
        skip: (note?: string) => {
            notes.push(note ?? "");
            throw new Error("skipped");
        },
    };
}

afterEach(() => {
    vi.unstubAllEnvs();
});

describe("test/support/tools: one rule for tests that need external tools", () => {
    it("outside CI a missing tool skips the test, naming the package to install", () => {
        vi.stubEnv("CI", "");
        const ctx = recordingContext();
        expect(() => requireTool(ctx, "luatos-no-such-tool", "luatos-no-such-package")).toThrow("skipped");
        expect(ctx.notes).toEqual(["luatos-no-such-tool not found; install with: apt-get install -y luatos-no-such-package"]);
    });

    it("under CI=true a missing tool fails the test instead", () => {
        vi.stubEnv("CI", "true");
        const ctx = recordingContext();
        expect(() => requireTool(ctx, "luatos-no-such-tool", "luatos-no-such-package")).toThrow(/luatos-no-such-tool not found; install with: apt-get install -y luatos-no-such-package \(CI=true/);
        expect(ctx.notes).toEqual([]);
    });

    it("finds tools on PATH and names each missing one once per package", () => {
        expect(findTool("node")).toBeDefined();
        expect(requireTool(recordingContext(), "node", "nodejs")).toBe(findTool("node"));
        expect(missingToolsMessage([{ name: "no-rb-here", aptPackage: "lrzsz" }, { name: "no-sz-here", aptPackage: "lrzsz" }])).toBe(
            "no-rb-here and no-sz-here not found; install with: apt-get install -y lrzsz",
        );
    });

    it("looks for the reference binaries in $LUATOS2021 / $LUATOS_PC first", () => {
        expect(findReferenceBinary("luatos2021", { LUATOS2021: process.execPath })).toBe(process.execPath);
        expect(findReferenceBinary("luatos-pc", { LUATOS_PC: "/no/such/luatos-pc" })).toBeUndefined();
        vi.stubEnv("CI", "");
        vi.stubEnv("LUATOS_PC", "/no/such/luatos-pc");
        const ctx = recordingContext();
        expect(() => requireReferenceBinary(ctx, "luatos-pc")).toThrow("skipped");
        expect(ctx.notes[0]).toMatch(/^luatos-pc not found; set \$LUATOS_PC/);
    });
});
