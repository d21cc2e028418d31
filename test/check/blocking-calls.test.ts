import * as path from "node:path";
import { Linter } from "eslint";
import ts from "../../common/typescript.js";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { checkBlockingCalls } from "../../compiler/blocking-calls.js";
import plugin from "../../lint/rules/index.js";
import { createFirmwareProgram, VIRTUAL_SRC, type FirmwareProgram } from "./program.js";
import { cleanSnippets, errorSnippets, unverifiedSnippets, type Snippet } from "./snippets.js";

/** A finding reduced to what both implementations must agree on. */
interface Spot {
    file: string;
    offset: number;
    severity: "error" | "warning";
}

const MARKERS: Record<string, Spot["severity"]> = { "/*E*/": "error", "/*W*/": "warning" };

/** Where the snippet's markers say findings must be. */
function expectedSpots(snippet: Snippet): Spot[] {
    const spots: Spot[] = [];
    for (const [file, text] of Object.entries(snippet.files)) {
        for (const [marker, severity] of Object.entries(MARKERS)) {
            for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
                let offset = i + marker.length;
                while (/\s/.test(text[offset] ?? "")) offset++;
                spots.push({ file, offset, severity });
            }
        }
    }
    return sortSpots(spots);
}

function sortSpots(spots: Spot[]): Spot[] {
    return spots.sort((a, b) => a.file.localeCompare(b.file) || a.offset - b.offset || a.severity.localeCompare(b.severity));
}

const relative = (fileName: string) => path.relative(VIRTUAL_SRC, fileName).split(path.sep).join("/");

function buildCheck(fw: FirmwareProgram): { spots: Spot[]; messages: string[]; diagnostics: ts.Diagnostic[] } {
    const diagnostics = checkBlockingCalls(fw.program);
    return {
        diagnostics,
        spots: sortSpots(diagnostics.map(d => ({
            file: relative(d.file!.fileName),
            offset: d.start!,
            severity: d.category === ts.DiagnosticCategory.Error ? "error" : "warning",
        }))),
        messages: diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    };
}

const RULE_ERROR = "luatos-ts/no-blocking-outside-task";
const RULE_WARNING = "luatos-ts/no-unverified-blocking";

function eslintCheck(fw: FirmwareProgram, snippet: Snippet): { spots: Spot[]; messages: string[] } {
    const linter = new Linter({ configType: "flat", cwd: path.dirname(VIRTUAL_SRC) });
    const config: Linter.Config[] = [{
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser, parserOptions: { programs: [fw.program] } },
        plugins: { "luatos-ts": plugin },
        rules: { [RULE_ERROR]: "error", [RULE_WARNING]: "warn" },
    }];
    const spots: Spot[] = [];
    const messages: string[] = [];
    for (const [file, text] of Object.entries(snippet.files)) {
        const sf = fw.sourceFile(file);
        for (const m of linter.verify(text, config, { filename: fw.pathOf(file) })) {
            if (m.fatal || m.ruleId === null) throw new Error(`ESLint could not lint ${file}: ${m.message}`);
            expect([RULE_ERROR, RULE_WARNING]).toContain(m.ruleId);
            spots.push({
                file,
                offset: sf.getPositionOfLineAndCharacter(m.line - 1, m.column - 1),
                severity: m.ruleId === RULE_ERROR ? "error" : "warning",
            });
            messages.push(m.message);
        }
    }
    return { spots: sortSpots(spots), messages };
}

function checkSnippet(snippet: Snippet): void {
    const fw = createFirmwareProgram(snippet.files);
    expect(fw.typeErrors(), "the snippet must type-check").toEqual([]);
    const expected = expectedSpots(snippet);
    const build = buildCheck(fw);
    const lint = eslintCheck(fw, snippet);
    expect(build.spots, "build-time check").toEqual(expected);
    expect(lint.spots, "ESLint rules").toEqual(expected);
    expect(lint.messages.slice().sort()).toEqual(build.messages.slice().sort());
    for (const wanted of snippet.messages ?? []) {
        expect(build.messages.some(m => m.includes(wanted)), `a message containing ${JSON.stringify(wanted)} in:\n${build.messages.join("\n")}`).toBe(true);
    }
    for (const d of build.diagnostics) {
        expect(d.source).toBe("luatos-ts");
        expect(d.length).toBeGreaterThan(0);
    }
}

describe("blocking calls outside a task are errors", () => {
    for (const snippet of errorSnippets) {
        it(snippet.name, () => {
            expect(expectedSpots(snippet).some(s => s.severity === "error")).toBe(true);
            checkSnippet(snippet);
        });
    }
});

describe("correct code gives no finding", () => {
    for (const snippet of cleanSnippets) {
        it(snippet.name, () => {
            expect(expectedSpots(snippet)).toEqual([]);
            checkSnippet(snippet);
        });
    }
});

describe("blocking functions the analysis cannot follow are warnings", () => {
    for (const snippet of unverifiedSnippets) {
        it(snippet.name, () => {
            expect(expectedSpots(snippet).every(s => s.severity === "warning")).toBe(true);
            checkSnippet(snippet);
        });
    }
});

describe("checkBlockingCalls", () => {
    it("reports only in the files it is given, following calls through the others", () => {
        const fw = createFirmwareProgram({
            "main.ts": `import { waitReady } from "./lib/net";\nsys.subscribe("NTP_UPDATE", () => { waitReady(); });\n`,
            "lib/net.ts": `export function waitReady(): void { sys.waitUntil("NET_READY", 1000); }\nsys.wait(1);\n`,
        });
        const onlyMain = checkBlockingCalls(fw.program, [fw.sourceFile("main.ts")]);
        expect(onlyMain.map(d => relative(d.file!.fileName))).toEqual(["main.ts"]);
        const onlyLib = checkBlockingCalls(fw.program, [fw.sourceFile("lib/net.ts")]);
        expect(onlyLib.map(d => relative(d.file!.fileName))).toEqual(["lib/net.ts"]);
    });

    it("marks certain mistakes as errors and unverifiable uses as warnings", () => {
        const fw = createFirmwareProgram({ "main.ts": `sys.wait(1);\nconst t = { f: () => sys.wait(1) };\nlog.info("t", t);\n` });
        const categories = checkBlockingCalls(fw.program).map(d => d.category);
        expect(categories).toEqual([ts.DiagnosticCategory.Error, ts.DiagnosticCategory.Warning]);
    });
});

describe("the ESLint rules", () => {
    it("say what they need when there is no type information", () => {
        const linter = new Linter({ configType: "flat" });
        const run = () => linter.verify("sys.wait(1);\n", [{
            files: ["**/*.ts"],
            languageOptions: { parser: tseslint.parser },
            plugins: { "luatos-ts": plugin },
            rules: { [RULE_ERROR]: "error" },
        }], { filename: "main.ts" });
        expect(run).toThrow(/needs type information/);
    });
});
