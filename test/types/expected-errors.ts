/**
 * Checks a firmware snippet whose wrong lines are marked with
 * `// @ts-expect-error TS<code> <why>`: every marked line must be an error
 * with that code, and nothing else may be.
 */
import ts from "../../common/typescript.js";
import { compileFirmware } from "../harness/tstl.js";

/** One `// @ts-expect-error` comment of a snippet. */
export interface ExpectedError {
    /** 1-based line of the comment. */
    line: number;
    /** The TypeScript code named after the directive (`2345` for `TS2345`), when one is. */
    code?: number;
}

const DIRECTIVE = /\/\/\s*@ts-expect-error\b(?:\s+TS(\d+))?/;

/** The `// @ts-expect-error` comments of a text, in order. */
export function expectedErrors(text: string): ExpectedError[] {
    const found: ExpectedError[] = [];
    text.split("\n").forEach((line, index) => {
        const match = DIRECTIVE.exec(line);
        if (match) found.push({ line: index + 1, code: match[1] === undefined ? undefined : Number(match[1]) });
    });
    return found;
}

/**
 * Problems with a snippet, as readable lines (empty when it is right):
 * 1. compiled as written it must have no diagnostics at all: TypeScript
 *    reports a directive that suppresses nothing as TS2578, so an expected
 *    error that went away fails here;
 * 2. compiled with the directives disabled, each must be followed by an
 *    error on its next line, of the code it names. This catches a directive
 *    that hides a different error than the one it claims.
 */
export function checkExpectedErrors(fileName: string, text: string): string[] {
    const problems: string[] = [];
    const asWritten = compileFirmware({ [fileName]: text });
    problems.push(...asWritten.diagnostics);

    const disabled = text.replace(/@ts-expect-error/g, "(expect-error)");
    const bare = compileFirmware({ [fileName]: disabled });
    const errorsByLine = new Map<number, number[]>();
    for (const d of bare.raw) {
        if (d.category !== ts.DiagnosticCategory.Error || d.file === undefined || d.start === undefined) continue;
        const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
        errorsByLine.set(line, [...(errorsByLine.get(line) ?? []), d.code]);
    }
    for (const expected of expectedErrors(text)) {
        const codes = errorsByLine.get(expected.line + 1) ?? [];
        if (codes.length === 0) {
            problems.push(`${fileName}:${expected.line + 1}: expected an error, got none`);
        } else if (expected.code !== undefined && !codes.includes(expected.code)) {
            problems.push(`${fileName}:${expected.line + 1}: expected TS${expected.code}, got ${codes.map(c => `TS${c}`).join(", ")}`);
        }
    }
    return problems;
}
