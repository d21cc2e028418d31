import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "../../common/typescript.js";
import { afterAll, describe, expect, it } from "vitest";
import { checkNumberWidth, significantDigits } from "../../compiler/number-width.js";
import { createProgram, loadProject } from "../../compiler/project.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "number-width-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Checks one firmware-like source file; returns the findings as `line: text` plus the raw diagnostics. */
function check(source: string): { found: string[]; diagnostics: ts.Diagnostic[] } {
    const file = path.join(dir, `snippet${counter++}.ts`);
    fs.writeFileSync(file, source);
    const program = ts.createProgram({ rootNames: [file], options: { target: ts.ScriptTarget.ESNext, noEmit: true, types: [] } });
    const diagnostics = checkNumberWidth(program);
    const found = diagnostics.map(d => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start!);
        return `${line + 1}: ${d.file!.text.slice(d.start!, d.start! + d.length!)}`;
    });
    return { found, diagnostics };
}

describe("checkNumberWidth", () => {
    it("warns about integer literals outside the 32-bit range", () => {
        const { found, diagnostics } = check(
            ["export const a = 3000000000;", "export const b = 0xffffffff;", "export const c = -2147483648;", "export const d = 1e10;", "export const e = 2147483647;", "export const f = -2147483647;"].join("\n"),
        );
        expect(found).toEqual(["1: 3000000000", "2: 0xffffffff", "3: 2147483648", "4: 1e10"]);
        for (const d of diagnostics) {
            expect(d.category).toBe(ts.DiagnosticCategory.Warning);
            expect(d.source).toBe("luatos-ts");
            expect(ts.flattenDiagnosticMessageText(d.messageText, "\n")).toMatch(/32-bit range.*float on LUA_32BITS devices/);
        }
    });

    it("warns about constant integer arithmetic that wraps at 32 bits, once per expression", () => {
        const { found } = check(
            [
                "export const a = 1 << 31;",
                "export const b = 100000 * 100000 * 2;",
                "export const c = (0x7fffffff + 1);",
                "export const d = 1 << 30;",
                "export const e = 60 * 60 * 24 * 1000;",
                "export const f = 2 ** 40;",
                "export const g = 65536 * 65536 - 65536 * 65536;",
            ].join("\n"),
        );
        expect(found).toEqual(["1: 1 << 31", "2: 100000 * 100000 * 2", "3: 0x7fffffff + 1", "7: 65536 * 65536 - 65536 * 65536"]);
    });

    it("does not guess about values computed at run time", () => {
        const { found } = check("declare const n: number;\nexport const a = n * 100000 * 100000;\nexport const b = n << 31;\n");
        expect(found).toEqual([]);
    });

    it("warns about fractional literals that need more than 7 significant digits", () => {
        const { found, diagnostics } = check(
            ["export const a = 123.456789;", "export const b = 0.1;", "export const c = 3.14159265;", "export const d = 20.5;", "export const e = 0.000012345678;", "export const f = 1.50000000;"].join("\n"),
        );
        expect(found).toEqual(["1: 123.456789", "3: 3.14159265", "5: 0.000012345678"]);
        expect(ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, "\n")).toContain("becomes 123.4568");
    });

    it("ignores literal types, which never reach Lua", () => {
        const { found } = check("export type Big = 4294967296;\nexport function f(x: 3000000000 | 1): number { return x === 1 ? 1 : 2; }\n");
        expect(found).toEqual([]);
    });

    it("counts significant digits of the shortest form", () => {
        expect(significantDigits(0.00123)).toBe(3);
        expect(significantDigits(1.5)).toBe(2);
        expect(significantDigits(1e-7)).toBe(1);
        expect(significantDigits(123.456789)).toBe(9);
    });

    it("finds nothing in the reference firmware", () => {
        const project = loadProject(path.join(root, "tstl.json"));
        const diagnostics = checkNumberWidth(createProgram(project));
        expect(diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
    });
});
