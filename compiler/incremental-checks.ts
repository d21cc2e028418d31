import type ts from "typescript";
import { createBlockingAnalysis } from "../lint/rules/blocking-analysis.js";
import { blockingDiagnostics } from "./blocking-calls.js";
import { checkLuaSafety } from "./lua-safety.js";
import { checkNumberWidth } from "./number-width.js";

/** One file's findings of the per-file checks, and the file object they were found in. */
interface FileFindings {
    file: ts.SourceFile;
    numberWidth: ts.Diagnostic[];
    luaSafety: ts.Diagnostic[];
}

/**
 * The toolkit's checks of a program (blocking calls, number width, Lua
 * safety) for a sequence of programs that share unchanged source files, as
 * watch mode creates them: a file's findings are kept and found again only
 * when the file changed or TypeScript found its types affected; the
 * blocking-call analysis also walks again the files whose calls lead into a
 * changed file (see createBlockingAnalysis). The diagnostics, and their
 * order, are those of a check of the whole program.
 */
export class IncrementalChecks {
    private readonly blocking = createBlockingAnalysis();
    private readonly findings = new Map<string, FileFindings>();
    /** Files TypeScript found affected since the last run (`"all"`: every file). */
    private typesChanged: Set<string> | "all" = "all";

    /**
     * Records files of a new program whose types may differ from the
     * previous program's (TypeScript's affected files), or "all". They
     * accumulate until the next {@link run}: a build that stops before the
     * checks does not lose them.
     */
    affected(fileName: string | "all"): void {
        if (fileName === "all") this.typesChanged = "all";
        else if (this.typesChanged !== "all") this.typesChanged.add(fileName);
    }

    /** Forgets every kept finding: the next run checks every file. */
    reset(): void {
        this.findings.clear();
        this.typesChanged = "all";
    }

    /** How many files the last run's blocking-call analysis walked again. */
    get walked(): number {
        return this.blocking.walked;
    }

    /** The checks' diagnostics for the program: blocking calls, then number width, then Lua safety, each in file order. */
    run(program: ts.Program): ts.Diagnostic[] {
        const typesChanged = this.typesChanged;
        const blocking = blockingDiagnostics(this.blocking.analyze(program, typesChanged));
        const files = program.getSourceFiles().filter(f => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f));
        const current: FileFindings[] = [];
        for (const file of files) {
            const kept = this.findings.get(file.fileName);
            if (kept !== undefined && kept.file === file && typesChanged !== "all" && !typesChanged.has(file.fileName)) {
                current.push(kept);
                continue;
            }
            const found = { file, numberWidth: checkNumberWidth(program, [file]), luaSafety: checkLuaSafety(program, [file]) };
            this.findings.set(file.fileName, found);
            current.push(found);
        }
        for (const name of this.findings.keys()) if (!files.some(f => f.fileName === name)) this.findings.delete(name);
        this.typesChanged = new Set();
        return [...blocking, ...current.flatMap(f => f.numberWidth), ...current.flatMap(f => f.luaSafety)];
    }
}
