/**
 * `luatos-ts build` as a child process on a firmware project in another
 * folder (a temporary one, with no node_modules of its own, whose
 * tsconfig.json extends the toolkit's tstl.json by absolute path): exit
 * codes and what the user reads.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLua, removeTempProjects, runCli, TSTL_CONFIG, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

const GOOD_MAIN = `PROJECT = "elsewhere";
VERSION = "0.3.0";
sys.taskInit(() => {
    const so = socket.tcp();
    {
        so.on("connect", (id, result) => { if (result === 1) so.send("hi"); });
        if (so.start("example.com", 80) === 0) sys.waitUntil("NETC_END_" + so.id());
        so.clean();
    }
});
`;

// Each run starts Node and TypeScript (seconds): run them side by side.
describe.concurrent("luatos-ts build (CLI)", () => {
    it("builds a firmware project in another folder and prints the size report", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD_MAIN });
        expect(JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8"))).toEqual({ extends: TSTL_CONFIG });
        expect(fs.existsSync(path.join(dir, "node_modules"))).toBe(false);
        const { code, stdout, stderr } = await runCli(["build"], dir);
        expect(stderr).toBe("");
        expect(code).toBe(0);
        expect(stdout).toMatch(/size report \(bytes of Lua\):/);
        expect(stdout).toMatch(/main\.lua\s+\d+ B/);
        const lua = readLua(dir);
        expect(lua.split("\n").slice(0, 2)).toEqual(['PROJECT = "elsewhere"', 'VERSION = "0.3.0"']);
        expect(lua).toContain("so:start(\"example.com\", 80) == 0");
        expect(fs.existsSync(path.join(dir, "build", "size.json"))).toBe(true);
    });

    it("type-checks against the declarations and exits non-zero with file:line:column", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": `const so = socket.tcp();\nso.on("close", () => {});\n` });
        const { code, stdout, stderr } = await runCli(["build"], dir);
        expect(code).toBe(1);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/^luatos-ts: src\/main\.ts:2:7 - error TS2769: "close" is not one of "connect", "recv", "error"\n$/);
        expect(fs.existsSync(path.join(dir, "build"))).toBe(false);
    });

    it("exits non-zero when code follows sys.run()", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": `sys.run();\nlog.info("late", 1);\n` });
        const { code, stderr } = await runCli(["build"], dir);
        expect(code).toBe(1);
        expect(stderr).toMatch(/^luatos-ts: src\/main\.ts:2:1 - error LTS1301: nothing may follow sys\.run\(\)/);
    });

    it("exits non-zero with one clear line when main.ts is missing", async () => {
        const dir = writeFirmwareProject({ "src/other.ts": `log.info("a", 1);\n` });
        const { code, stderr } = await runCli(["build"], dir);
        expect(code).toBe(1);
        expect(stderr).toBe(`luatos-ts: missing src/main.ts: a firmware's entry point is main.ts in its source folder (rootDir ${path.join(dir, "src")})\n`);
    });
});
