import type ts from "typescript";

/** One place where a blocking call is wrong, or cannot be verified. */
export interface BlockingFinding {
    /**
     * `"error"`: the call certainly runs outside a task (module top level,
     * main-thread callback, async function, generator).
     * `"warning"`: a blocking function is used as a value where the analysis
     * cannot follow it, so whether it runs in a task cannot be verified.
     */
    severity: "error" | "warning";
    file: ts.SourceFile;
    /** Offset of the reported node in `file` (without leading trivia). */
    start: number;
    length: number;
    /** Names the call and says why it is wrong and what to do instead. */
    message: string;
}

/**
 * Analyses a whole program (calls are followed across its source files) and
 * returns the findings located in `files`; by default every source file of
 * the program that is neither a declaration file nor an external library.
 * Sorted by file name, then position.
 */
export function analyzeBlockingCalls(program: ts.Program, files?: readonly ts.SourceFile[]): BlockingFinding[];

/** {@link analyzeBlockingCalls} for a sequence of programs sharing unchanged source files (see blocking-analysis.js). */
export interface IncrementalBlockingAnalysis {
    /**
     * The findings of the program's own source files, walking again only
     * the files that changed, whose types may have changed (`typesChanged`:
     * TypeScript's affected files since the previous call, or "all"), or
     * whose calls resolved into a file that changed.
     */
    analyze(program: ts.Program, typesChanged: ReadonlySet<string> | "all"): BlockingFinding[];
    /** How many files the last `analyze` walked; the others' walks were reused. */
    readonly walked: number;
}

/** A new incremental analysis, with nothing kept yet. */
export function createBlockingAnalysis(): IncrementalBlockingAnalysis;
