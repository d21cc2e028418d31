import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTemp, removeTemp, runCli, runCliAsync, writeProject } from "./helpers.js";

/** A user error is exactly one line on stderr, prefixed with the program name. */
function expectOneLine(stderr: string, pattern: RegExp): void {
    expect(stderr.endsWith("\n")).toBe(true);
    // The whole text as the message: a failure shows what else was printed.
    expect(stderr.trimEnd().split("\n"), stderr).toHaveLength(1);
    expect(stderr).toMatch(pattern);
}

describe("CLI contract: help, usage errors and user errors", () => {
    let dir: string;
    beforeAll(() => {
        dir = makeTemp("errors");
    });
    afterAll(() => removeTemp(dir));

    it("prints help with exit codes for build, decode and init, exit 0", async () => {
        const commands = ["build", "decode", "init"];
        const results = await Promise.all(commands.map(command => runCliAsync([command, "--help"], dir)));
        for (const [i, command] of commands.entries()) {
            const result = results[i] as (typeof results)[number];
            expect(result.status).toBe(0);
            expect(result.stdout).toMatch(new RegExp(`^Usage: luatos-ts ${command} `));
            expect(result.stdout).toContain("Exit codes: 0 ");
        }
    });

    it("exits 2 with the usage for unknown commands, unknown options and missing arguments", async () => {
        const cases: [string[], RegExp][] = [
            [["frobnicate"], /^luatos-ts: unknown command 'frobnicate'/],
            [["build", "--nope"], /^luatos-ts: unknown option '--nope'/],
            [["decode"], /^luatos-ts: missing required argument 'logfile'/],
            [[], /^Usage: luatos-ts /],
        ];
        const results = await Promise.all(cases.map(([args]) => runCliAsync(args, dir)));
        for (const [i, [args, pattern]] of cases.entries()) {
            const result = results[i] as (typeof results)[number];
            expect(result.status, args.join(" ")).toBe(2);
            expect(result.stderr).toMatch(pattern);
        }
    });

    it("exits 1 with one line when there is no firmware project to build or watch", async () => {
        const results = await Promise.all([["build"], ["build", "--watch"]].map(args => runCliAsync(args, dir)));
        for (const result of results) {
            expect(result.status).toBe(1);
            expectOneLine(result.stderr, /^luatos-ts: no tstl\.json or tsconfig\.json in .*: run the build from the firmware project's folder, or pass --project\n$/);
        }
        const missing = runCli(["build", "-p", "nowhere/tstl.json"], dir);
        expect(missing.status).toBe(1);
        expectOneLine(missing.stderr, /^luatos-ts: config not found: nowhere\/tstl\.json\n$/);
    });

    it("exits 1 with the TypeScript location of a type error, and writes nothing", () => {
        const project = path.join(dir, "typo");
        fs.mkdirSync(project);
        writeProject(project, { "src/main.ts": 'const n: number = "one";\nsys.run();\n' });
        const result = runCli(["build"], project);
        expect(result.status).toBe(1);
        expectOneLine(result.stderr, /^luatos-ts: src\/main\.ts:1:7 - error TS2322: Type 'string' is not assignable to type 'number'\.\n$/);
        expect(fs.existsSync(path.join(project, "build"))).toBe(false);
    });
});
