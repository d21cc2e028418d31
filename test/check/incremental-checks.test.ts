/**
 * The toolkit's checks kept per file between programs (watch mode) must say
 * exactly what a check of the whole program says, after any edit: an edit
 * to a callee only must still reach the callers that now block.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "../../common/typescript.js";
import tstl from "../../common/typescript-to-lua.js";
import { describe, expect, it } from "vitest";
import { checkBlockingCalls } from "../../compiler/blocking-calls.js";
import { IncrementalChecks } from "../../compiler/incremental-checks.js";
import { checkLuaSafety } from "../../compiler/lua-safety.js";
import { checkNumberWidth } from "../../compiler/number-width.js";
import { VIRTUAL_SRC } from "./program.js";
import { cleanSnippets, errorSnippets, unverifiedSnippets } from "./snippets.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TYPES_ENTRY = path.join(REPO_ROOT, "types", "index.d.ts");

/** A diagnostic as text: file, position, code, message. */
function shown(d: ts.Diagnostic): string {
    return `${path.relative(VIRTUAL_SRC, d.file?.fileName ?? "")}:${d.start} ${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
}

/**
 * Programs over changing virtual files, made the way watch mode makes them:
 * a file whose text did not change is handed over as the same object, each
 * program is created from the previous one, and TypeScript's builder says
 * which files each new program affects.
 */
function programSeries() {
    const parsed = tstl.parseConfigFileWithSystem(path.join(REPO_ROOT, "tstl.json"));
    const options: tstl.CompilerOptions = { ...parsed.options, rootDir: VIRTUAL_SRC, outDir: path.join(VIRTUAL_SRC, "..", "out"), noEmit: true };
    const base = ts.createIncrementalCompilerHost(options);
    const parsedFiles = new Map<string, ts.SourceFile>();
    let virtual = new Map<string, string>();
    let program: ts.Program | undefined;
    let builder: ts.SemanticDiagnosticsBuilderProgram | undefined;
    const inVirtual = (p: string) => p.startsWith(path.dirname(VIRTUAL_SRC));
    const host: ts.CompilerHost = {
        ...base,
        fileExists: f => virtual.has(f) || (!inVirtual(f) && base.fileExists(f)),
        readFile: f => virtual.get(f) ?? (inVirtual(f) ? undefined : base.readFile(f)),
        directoryExists: d => inVirtual(d) || (base.directoryExists?.(d) ?? false),
        getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
            const text = virtual.get(fileName);
            const key = `${fileName}\0${text ?? ""}`;
            let file = parsedFiles.get(key);
            if (file === undefined) {
                file = text !== undefined ? ts.createSourceFile(fileName, text, languageVersion, true) : base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
                if (file === undefined) return undefined;
                // The builder compares versions: the text is the version.
                (file as { version?: string }).version = ts.sys.createHash?.(file.text) ?? file.text;
                parsedFiles.set(key, file);
            }
            return file;
        },
        writeFile: () => {},
    };
    return {
        /** The next program, with these files (path relative to src/ → text), fed to `checks` as watch mode does. */
        next(files: Record<string, string>, checks: IncrementalChecks): ts.Program {
            virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(VIRTUAL_SRC, name), text]));
            program = ts.createProgram({ rootNames: [TYPES_ENTRY, ...virtual.keys()], options, host, oldProgram: program });
            builder = ts.createSemanticDiagnosticsBuilderProgram(program, host, builder);
            for (let next = builder.getSemanticDiagnosticsOfNextAffectedFile(); next !== undefined; next = builder.getSemanticDiagnosticsOfNextAffectedFile()) {
                checks.affected("fileName" in next.affected ? next.affected.fileName : "all");
            }
            const errors = ts.getPreEmitDiagnostics(program).filter(d => d.category === ts.DiagnosticCategory.Error);
            expect(errors.map(shown)).toEqual([]);
            return program;
        },
    };
}

/** What the build's check stage finds on the whole program, without anything kept. */
function wholeCheck(program: ts.Program): string[] {
    return [...checkBlockingCalls(program), ...checkNumberWidth(program), ...checkLuaSafety(program)].map(shown);
}

const MAIN = `import { relay } from "./lib/relay";\nsys.subscribe("TICK", () => {\n    relay();\n});\nsys.taskInit(() => { relay(); });\n`;
const RELAY = `import { step } from "./step";\nexport function relay(): void {\n    step();\n}\n`;
const STEP_QUIET = `export function step(): void {\n    log.info("step", "once");\n}\n`;
const STEP_WAITS = `export function step(): void {\n    log.info("step", "once");\n    sys.wait(10);\n}\n`;

describe("IncrementalChecks", () => {
    it("reports a wait added to a callee at the callback that reaches it, after an edit to the callee only", () => {
        const series = programSeries();
        const checks = new IncrementalChecks();
        const files = { "main.ts": MAIN, "lib/relay.ts": RELAY, "lib/step.ts": STEP_QUIET };
        expect(checks.run(series.next(files, checks)).map(shown)).toEqual([]);
        expect(checks.walked).toBe(3);
        // A first edit: TypeScript's builder compares declaration signatures from the second change of a file on.
        checks.run(series.next({ ...files, "lib/step.ts": `${STEP_QUIET}// first edit\n` }, checks));

        const waits = series.next({ ...files, "lib/step.ts": STEP_WAITS }, checks);
        const found = checks.run(waits).map(shown);
        expect(found).toEqual(wholeCheck(waits));
        expect(found).toHaveLength(1);
        expect(found[0]).toMatch(/^main\.ts:\d+ 1001 relay\(\) blocks \(it calls step\(\) → sys\.wait\(\)\), but this sys\.subscribe\("TICK"\) callback/);
        // The edited file and the one whose calls lead into it; main.ts's walk is kept.
        expect(checks.walked).toBe(2);

        const quiet = series.next(files, checks);
        expect(checks.run(quiet).map(shown)).toEqual([]);
    });

    it("keeps TypeScript's affected files until a run uses them", () => {
        const series = programSeries();
        const checks = new IncrementalChecks();
        const files = { "main.ts": MAIN, "lib/relay.ts": RELAY, "lib/step.ts": STEP_QUIET };
        checks.run(series.next(files, checks));
        // Two programs, one run: the first program's changes still count.
        series.next({ ...files, "lib/step.ts": STEP_WAITS }, checks);
        const last = series.next({ ...files, "lib/step.ts": STEP_WAITS, "lib/extra.ts": "export const n = 1;\n" }, checks);
        expect(checks.run(last).map(shown)).toEqual(wholeCheck(last));
        expect(checks.run(last)).toHaveLength(1);
    });

    it("finds what a whole check finds across a session going through every blocking-call snippet", () => {
        const series = programSeries();
        const checks = new IncrementalChecks();
        let walkedLess = 0;
        const snippets = [...errorSnippets, ...cleanSnippets, ...unverifiedSnippets];
        // Each snippet in turn, then again with one file edited in a way that keeps the others' text.
        for (const snippet of snippets) {
            for (const files of [snippet.files, { ...snippet.files, "main.ts": `${snippet.files["main.ts"] ?? ""}\nconst edited = 1;\nif (edited) log.info("e", edited);\n` }]) {
                const program = series.next(files, checks);
                expect(checks.run(program).map(shown), snippet.name).toEqual(wholeCheck(program));
                if (checks.walked < Object.keys(files).length) walkedLess += 1;
            }
        }
        // Multi-file snippets edited in main.ts only: some walks were kept.
        expect(walkedLess).toBeGreaterThan(0);
    });
});
