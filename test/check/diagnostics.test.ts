/**
 * The build's diagnostic codes: stable, unique, listed in docs/cli.md with
 * their category, and printed by the one reporter as
 * `file:line:column - category CODE: message`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "../../common/typescript.js";
import { describe, expect, it } from "vitest";
import { BuildError, diagnosticKinds, formatDiagnostic, imageTooBig, numberOrStringCondition } from "../../compiler/diagnostics.js";
import { ROOT } from "../cli/helpers.js";

describe("diagnostic codes", () => {
    it("are documented in docs/cli.md, each with its category", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "cli.md"), "utf8");
        const rows = new Map([...doc.matchAll(/^\| LTS(\d+) \| (error|warning) \|/gm)].map(m => [Number(m[1]), m[2]]));
        const kinds = diagnosticKinds();
        expect(kinds.length).toBeGreaterThanOrEqual(14);
        for (const kind of kinds) expect(`LTS${kind.code} ${rows.get(kind.code)}`).toBe(`LTS${kind.code} ${ts.DiagnosticCategory[kind.category].toLowerCase()}`);
        expect([...rows.keys()].sort()).toEqual(kinds.map(k => k.code));
    });

    it("are printed with file:line:column, category and code, or without a location for the output as a whole", () => {
        const file = ts.createSourceFile("/p/src/main.ts", "declare const n: number;\nif (n) {}\n", ts.ScriptTarget.Latest, true);
        const condition = (file.statements[1] as ts.IfStatement).expression;
        expect(formatDiagnostic(numberOrStringCondition(condition, "`n`", "number"), "/p")).toMatch(/^src\/main\.ts:2:5 - error LTS1201: 0 and "" are true in Lua: `n` is a number/);
        expect(formatDiagnostic(imageTooBig(300, 200, "air640w"))).toBe("error LTS2002: the script image is 300 bytes, more than the 200-byte script area of air640w");
    });

    it("fail a build as a BuildError whose message is one line per error", () => {
        const error = new BuildError([imageTooBig(300, 200, "air640w"), imageTooBig(5, 4, "esp32")]);
        expect(error.message.split("\n")).toHaveLength(2);
        expect(error.exitCode).toBe(1);
    });
});
