import ts from "../../common/typescript.js";
import { checkBlockingCalls } from "../blocking-calls.js";
import { hasErrors } from "../diagnostics.js";
import type { IncrementalChecks } from "../incremental-checks.js";
import { checkLuaSafety } from "../lua-safety.js";
import { checkNumberWidth } from "../number-width.js";

/**
 * Check stage: TypeScript's own diagnostics, then the toolkit's checks of
 * the program: waits outside a task (LTS1001/1002), numbers that depend on
 * the Lua number width (LTS1101-1103), Lua truthiness and the netclient's
 * start() result (LTS1201-1203). A pure function of the program; errors
 * fail the build, warnings are reported with it.
 *
 * The toolkit's checks run only when TypeScript found no error: they need
 * a program whose types hold.
 *
 * @param typeDiagnostics TypeScript's diagnostics when the caller has them
 *   cheaper (watch mode re-checks only the files an edit affects); default
 *   `ts.getPreEmitDiagnostics(program)`.
 * @param toolkitChecks the toolkit's checks when the caller keeps them
 *   per file (watch mode: {@link IncrementalChecks}); same diagnostics, same order.
 */
export function check(program: ts.Program, typeDiagnostics?: () => readonly ts.Diagnostic[], toolkitChecks?: IncrementalChecks): ts.Diagnostic[] {
    const typescript = typeDiagnostics?.() ?? ts.getPreEmitDiagnostics(program);
    if (hasErrors(typescript)) return [...typescript];
    if (toolkitChecks !== undefined) return [...typescript, ...toolkitChecks.run(program)];
    return [...typescript, ...checkBlockingCalls(program), ...checkNumberWidth(program), ...checkLuaSafety(program)];
}
