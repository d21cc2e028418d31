import * as path from "node:path";
import ts from "typescript";

/**
 * Formats a TypeScript or TSTL diagnostic as one line per message:
 * `file:line:column - error TS2345: message`, with the file relative to `cwd`.
 */
export function formatDiagnostic(diagnostic: ts.Diagnostic, cwd = process.cwd()): string {
    const category = ts.DiagnosticCategory[diagnostic.category].toLowerCase();
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    // TypeScript's own diagnostics have no source; TSTL's and ours name theirs.
    const code = diagnostic.source ?? `TS${diagnostic.code}`;
    if (diagnostic.file && diagnostic.start !== undefined) {
        const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        const file = path.relative(cwd, diagnostic.file.fileName) || diagnostic.file.fileName;
        return `${file}:${line + 1}:${character + 1} - ${category} ${code}: ${message}`;
    }
    return `${category} ${code}: ${message}`;
}

/** True when any diagnostic is an error (warnings and suggestions do not fail a build). */
export function hasErrors(diagnostics: readonly ts.Diagnostic[]): boolean {
    return diagnostics.some(d => d.category === ts.DiagnosticCategory.Error);
}

/** Makes an error diagnostic that points at a node of a source file. */
export function nodeError(node: ts.Node, message: string): ts.Diagnostic {
    const file = node.getSourceFile();
    return {
        category: ts.DiagnosticCategory.Error,
        code: 0,
        source: "luatos-ts",
        file,
        start: node.getStart(file),
        length: node.getWidth(file),
        messageText: message,
    };
}
