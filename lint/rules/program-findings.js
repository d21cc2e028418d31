/**
 * Glue between ESLint rules and the whole-program blocking analysis: runs
 * the analysis once per TypeScript program (typescript-eslint hands every
 * file of a lint run the same program while nothing changes) and gives each
 * rule the findings of the file it is linting.
 */
import { analyzeBlockingCalls } from "./blocking-analysis.js";

/** @type {WeakMap<object, import("./blocking-analysis.js").BlockingFinding[]>} */
const cache = new WeakMap();

/**
 * The findings of the file `context` is linting, with ESLint locations.
 * @param {import("eslint").Rule.RuleContext} context
 * @param {"error" | "warning"} severity
 */
export function findingsForFile(context, severity) {
    const services = context.sourceCode.parserServices;
    const program = services?.program;
    if (!program || !services.esTreeNodeToTSNodeMap) {
        throw new Error(`luatos-ts/${context.id.replace(/^.*\//, "")} needs type information: lint with the typescript-eslint parser and parserOptions.projectService (or parserOptions.project) set`);
    }
    const sourceFile = services.esTreeNodeToTSNodeMap.get(context.sourceCode.ast);
    let findings = cache.get(program);
    if (findings === undefined) {
        findings = analyzeBlockingCalls(program);
        cache.set(program, findings);
    }
    return findings
        .filter(f => f.severity === severity && (f.file === sourceFile || f.file.fileName === sourceFile?.fileName))
        .map(f => {
            const start = f.file.getLineAndCharacterOfPosition(f.start);
            const end = f.file.getLineAndCharacterOfPosition(f.start + f.length);
            return { message: f.message, loc: { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } } };
        });
}
