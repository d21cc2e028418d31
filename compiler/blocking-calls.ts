import ts from "../common/typescript.js";
import { analyzeBlockingCalls, type BlockingFinding } from "../lint/rules/blocking-analysis.js";
import { atSpan, DIAGNOSTIC_SOURCE, unverifiedBlocking, waitOutsideTask } from "./diagnostics.js";

/** The `source` of this check's diagnostics (their codes are LTS1001 and LTS1002). */
export const BLOCKING_CALLS_SOURCE = DIAGNOSTIC_SOURCE;

/**
 * Reports sys.wait, sys.waitUntil and sys.waitUntilExt (and functions that
 * call them, transitively) where no task is running: at the top level of a
 * module, inside socket, sys.subscribe and timer callbacks, and inside TSTL
 * async functions and generators. Those are errors.
 *
 * A blocking function used as a value the analysis cannot follow (passed to
 * another function, stored in a table, returned) gets a warning: whether it
 * runs in a task cannot be verified. Warnings do not fail a build. Codes:
 * LTS1001 (error), LTS1002 (warning).
 *
 * A pure function of the program; see docs/blocking-calls.md for the rules.
 * The ESLint rules in lint/rules/ run the same analysis.
 *
 * @param files where to report; default every source file of the program
 *   that is not a declaration file or an external library. Calls are
 *   followed through all of the program's files either way.
 */
export function checkBlockingCalls(program: ts.Program, files?: readonly ts.SourceFile[]): ts.Diagnostic[] {
    return blockingDiagnostics(analyzeBlockingCalls(program, files));
}

/** The analysis's findings as diagnostics (LTS1001 errors, LTS1002 warnings). */
export function blockingDiagnostics(findings: readonly BlockingFinding[]): ts.Diagnostic[] {
    return findings.map(finding =>
        atSpan(finding.severity === "error" ? waitOutsideTask : unverifiedBlocking, finding.file, finding.start, finding.length, finding.message),
    );
}
