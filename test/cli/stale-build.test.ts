import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staleBuildWarning } from "../../cli/stale-build.js";
import { makeTemp, removeTemp } from "./helpers.js";

let dir: string;
beforeEach(() => {
    dir = makeTemp("stale");
});
afterEach(() => removeTemp(dir));

/** Writes `file` under the project with the given modification time (seconds since the epoch). */
function write(file: string, mtime: number): void {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, "x");
    fs.utimesSync(full, mtime, mtime);
}

describe("staleBuildWarning", () => {
    it("names the newest source file when src/ changed after the build folder", () => {
        write("src/main.ts", 1000);
        write("src/lib/conn.ts", 3000);
        write("build/lua/main.lua", 2000);
        write("build/lua/lib/conn.lua", 2000);
        expect(staleBuildWarning(dir, "build/lua")).toBe(
            "warning: src/lib/conn.ts changed after build/lua was built; run `npx luatos-ts build` to use the latest source",
        );
    });

    it("compares with an image file too, and says nothing when the build is newer", () => {
        write("src/main.ts", 2000);
        write("build/script.bin", 1000);
        expect(staleBuildWarning(dir, path.join(dir, "build/script.bin"))).toMatch(/^warning: src\/main\.ts changed after build\/script\.bin was built/);
        write("build/script.bin", 3000);
        expect(staleBuildWarning(dir, "build/script.bin")).toBeUndefined();
    });

    it("says nothing without src/ or without the build", () => {
        write("build/lua/main.lua", 1000);
        expect(staleBuildWarning(dir, "build/lua")).toBeUndefined();
        write("src/main.ts", 2000);
        expect(staleBuildWarning(dir, "build/missing")).toBeUndefined();
    });
});

describe("sim warns about a stale build", () => {
    it("prints the warning on stderr and runs the build anyway", async () => {
        const { sim } = await import("../../cli/commands/sim.js");
        write("build/lua/main.lua", 1000);
        fs.writeFileSync(path.join(dir, "build/lua/main.lua"), 'print("ran")\n');
        fs.utimesSync(path.join(dir, "build/lua/main.lua"), 1000, 1000);
        write("src/main.ts", 2000);
        const out: string[] = [];
        const err: string[] = [];
        const cwd = process.cwd();
        process.chdir(dir);
        try {
            await sim("build/lua", { for: "100ms", net: "virtual", dns: [] }, line => out.push(line), line => err.push(line));
        } finally {
            process.chdir(cwd);
        }
        expect(err[0]).toBe("luatos-ts: warning: src/main.ts changed after build/lua was built; run `npx luatos-ts build` to use the latest source");
        expect(out.join("\n")).toContain("ran");
    });
});
