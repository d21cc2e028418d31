/**
 * The build's own diagnostics, each with a stable code (`LTS1001`), made by
 * one factory per kind, and the one reporter that prints every diagnostic
 * of a build (TypeScript's, TSTL's and these) as
 * `file:line:column - error LTS1001: message`.
 *
 * Codes: 1xxx are checks of the TypeScript program (blocking calls, number
 * width, Lua safety, main.ts), 2xxx are checks of the built output (image
 * size, heap). A code keeps its meaning once published; docs/cli.md lists them.
 */
import * as path from "node:path";
import ts from "../common/typescript.js";
import { UserError } from "../common/user-error.js";
import { plainMessage } from "./plain-messages.js";

/** The `source` of the toolkit's own diagnostics; their code is printed as `LTS<code>`. */
export const DIAGNOSTIC_SOURCE = "luatos-ts";

/** One kind of diagnostic: its code, category and short title (what docs/cli.md lists). */
export interface DiagnosticKind {
    code: number;
    category: ts.DiagnosticCategory;
    /** What the code stands for, in a few words. */
    title: string;
}

const kinds: DiagnosticKind[] = [];

/** Every kind of diagnostic the build reports, in code order. */
export function diagnosticKinds(): readonly DiagnosticKind[] {
    return [...kinds].sort((a, b) => a.code - b.code);
}

/** A factory of diagnostics of one kind at a node. */
export type NodeDiagnosticFactory<A extends unknown[]> = ((node: ts.Node, ...args: A) => ts.Diagnostic) & DiagnosticKind;
/** A factory of diagnostics of one kind that point at no file (the output as a whole). */
export type FileDiagnosticFactory<A extends unknown[]> = ((...args: A) => ts.Diagnostic) & DiagnosticKind;

function register(code: number, category: ts.DiagnosticCategory, title: string): DiagnosticKind {
    if (kinds.some(k => k.code === code)) throw new Error(`diagnostic code ${code} is used twice`);
    const kind = { code, category, title };
    kinds.push(kind);
    return kind;
}

function atNode<A extends unknown[]>(code: number, category: ts.DiagnosticCategory, title: string, message: (...args: A) => string): NodeDiagnosticFactory<A> {
    const kind = register(code, category, title);
    const make = (node: ts.Node, ...args: A): ts.Diagnostic => {
        const file = node.getSourceFile();
        return { category, code, source: DIAGNOSTIC_SOURCE, file, start: node.getStart(file), length: node.getWidth(file), messageText: message(...args) };
    };
    return Object.assign(make, kind);
}

function global<A extends unknown[]>(code: number, category: ts.DiagnosticCategory, title: string, message: (...args: A) => string): FileDiagnosticFactory<A> {
    const kind = register(code, category, title);
    const make = (...args: A): ts.Diagnostic => ({ category, code, source: DIAGNOSTIC_SOURCE, file: undefined, start: undefined, length: undefined, messageText: message(...args) });
    return Object.assign(make, kind);
}

/** Makes a diagnostic of a kind at a known span of a file (for analyses that report spans, not nodes). */
export function atSpan(kind: DiagnosticKind, file: ts.SourceFile, start: number, length: number, message: string): ts.Diagnostic {
    return { category: kind.category, code: kind.code, source: DIAGNOSTIC_SOURCE, file, start, length, messageText: message };
}

const { Error: error, Warning: warning } = ts.DiagnosticCategory;
const text = (message: string) => message;

// ---- 1xxx: the TypeScript program ----

/** LTS1001: sys.wait (or a function that waits) where no task runs. The message comes from the analysis. */
export const waitOutsideTask = register(1001, error, "wait outside a task");
/** LTS1002: a blocking function passed around where the analysis cannot follow it. */
export const unverifiedBlocking = register(1002, warning, "blocking function used as a value");
/** LTS1101: an integer literal outside the 32-bit range. */
export const bigIntegerLiteral = register(1101, warning, "integer literal outside 32 bits");
/** LTS1102: a constant integer expression that wraps around on 32-bit Lua. */
export const wrappingConstant = register(1102, warning, "constant wraps around on 32-bit Lua");
/** LTS1103: a fractional literal with more digits than a 32-bit float keeps. */
export const preciseFloatLiteral = register(1103, warning, "float literal past 32-bit precision");
/** LTS1201: a number or string (never nil) used as a condition: always true in Lua. */
export const numberOrStringCondition = atNode(1201, error, "number or string used as a condition", (what: string, type: string) =>
    `0 and "" are true in Lua: ${what} is a ${type}, so this test is always true on the device (TypeScript tests for ${type === "string" ? '""' : "0"}); compare explicitly (${type === "string" ? '!== ""' : "!== 0"})`,
);
/** LTS1202: a number or string that may be nil used as a condition: in Lua it tests for nil only. */
export const nullableNumberOrStringCondition = atNode(1202, warning, "nullable number or string used as a condition", (what: string, type: string) =>
    `0 and "" are true in Lua: ${what} is a ${type} or nil, so this tests for nil only on the device (TypeScript also tests for ${type === "string" ? '""' : "0"}); write the test you mean (!== undefined, or ${type === "string" ? '!== ""' : "!== 0"})`,
);
/** LTS1203: `so.start() === 1`: the 2021 netclient returns 0 on success. */
export const startComparedWithOne = atNode(1203, error, "netclient start() compared with 1", (call: string) =>
    `${call} returns 0 when the connection thread started (luat/modules/luat_lib_socket.c, March 2021), 1 when it failed; the 2021 document's 1 for success is wrong: compare with 0`,
);
/** LTS1301: code after sys.run() in main.ts. */
export const codeAfterSysRun = atNode(1301, error, "code after sys.run()", () =>
    "nothing may follow sys.run() in main.ts: sys.run() never returns, so this code would never run on the device",
);

/** LTS1401: an API of today's firmware used in a build for a 2021 board (compiler/generation-check.ts). */
export const currentOnlyApi = atNode(1401, error, "API of today's firmware on a 2021 board", (api: string, board: string, instead: string | undefined, currentBoards: string) =>
    `${api} belongs to today's LuatOS firmware, and board ${board} runs the 2021 firmware, which does not have it` +
    `${instead === undefined ? "" : `; on the 2021 firmware use ${instead}`}, or build for a board of today's firmware (--board ${currentBoards})`,
);
/** LTS1402: a project typed against today's declarations built for a 2021 board. */
export const typedForCurrentGeneration = global(1402, error, "project typed for today's firmware, 2021 board", (board: string, currentBoards: string) =>
    `the project is typed for today's LuatOS firmware (its config extends luatos-ts/types/current/tstl.json), but board ${board} runs the 2021 firmware, ` +
    `which has no socket.create, sys.taskInitEx, zbuff or libnet: build for a board of today's firmware (--board ${currentBoards}), or extend luatos-ts/tstl.json and use the 2021 API`,
);
/** LTS1403: a module of the board's generation that the board's firmware leaves out (compiler/board-declarations.ts). */
export const moduleNotOnBoard = atNode(1403, error, "module the board's firmware does not have", (module: string, board: string, boardsWithIt: readonly string[]) =>
    `module ${module} is not in the ${board} firmware (its configuration leaves it out), so the ${board} declarations do not have it` +
    (boardsWithIt.length > 0 ? `; boards whose firmware has it: ${boardsWithIt.join(", ")}` : "; no board's firmware configuration includes it"),
);
/** LTS1404: a module of the board's firmware that the simulator does not emulate (compiler/board-declarations.ts). */
export const moduleNotSimulated = atNode(1404, warning, "module the simulator does not emulate", (module: string, board: string) =>
    `module ${module} is in the ${board} firmware, but the simulator does not emulate it: on \`luatos-ts sim\` and in tests its functions raise "${module}.<function> is not simulated" (docs/simulated-modules.md)`,
);

// ---- 2xxx: the built output ----

/** LTS2001: an app file in lib/ with the name of a compiled module. */
export const extraFileCollides = global(2001, error, "lib/ file collides with a module", (extraDir: string, name: string) =>
    `${extraDir}/${name} has the same name as a compiled module; rename one of them`,
);
/** LTS2002: the script image does not fit the board's script area. */
export const imageTooBig = global(2002, error, "script image too big", (bytes: number, limit: number, board: string) =>
    `the script image is ${bytes} bytes, more than the ${limit}-byte script area of ${board}`,
);
/** LTS2003: the firmware stopped during the heap step's boot (crash, watchdog). */
export const bootFailed = global(2003, error, "firmware failed at boot", (seconds: number, message: string) =>
    `the firmware failed within ${seconds} s of boot on the simulated device, so its heap cannot be measured: ${message}`,
);
/** LTS2006: the heap step stopped at a function the simulator does not emulate; the build goes on without the heap figure. */
export const heapNotMeasured = global(2006, warning, "heap not measured: module not simulated", (seconds: number, api: string) =>
    `the firmware called ${api} within ${seconds} s of boot, which the simulator does not emulate (docs/simulated-modules.md), so the heap step stopped there: the Lua heap after boot is not measured`,
);
/** The function a boot failure names as not simulated (`i2c.setup is not simulated`), if that is what stopped it. */
export function notSimulatedCall(problem: string): string | undefined {
    return /([\w.:]+) is not simulated/.exec(problem)?.[1];
}
/** LTS2004: the heap after boot exceeds the board's Lua heap. */
export const heapOverBudget = global(2004, error, "Lua heap over the board's budget", text);
/** LTS2005: the heap after boot exceeds the board's Lua heap, reported only (--no-heap-budget). */
export const heapOverBudgetAllowed = global(2005, warning, "Lua heap over budget (--no-heap-budget)", text);

/**
 * Formats a TypeScript, TSTL or luatos-ts diagnostic as one line per message:
 * `file:line:column - error TS2345: message` (`LTS1001` for the toolkit's
 * own, `TSTL` for TypeScriptToLua's), with the file relative to `cwd`.
 * TypeScript's messages for common mistakes are reworded (compiler/plain-messages.ts).
 */
export function formatDiagnostic(diagnostic: ts.Diagnostic, cwd = process.cwd()): string {
    const category = ts.DiagnosticCategory[diagnostic.category].toLowerCase();
    const flat = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    // TypeScript's own messages are put in the firmware's terms where they would name TSTL internals.
    const message = diagnostic.source === undefined ? plainMessage(flat) : flat;
    const code = diagnostic.source === DIAGNOSTIC_SOURCE ? `LTS${diagnostic.code}` : diagnostic.source !== undefined ? `TSTL${diagnostic.code}` : `TS${diagnostic.code}`;
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

/** The errors of a list of diagnostics. */
export function errorsOf(diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
    return diagnostics.filter(d => d.category === ts.DiagnosticCategory.Error);
}

/** The warnings of a list of diagnostics. */
export function warningsOf(diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
    return diagnostics.filter(d => d.category === ts.DiagnosticCategory.Warning);
}

/**
 * A build that failed on diagnostics: a {@link UserError} whose message is
 * the errors, one line each, so the CLI prints them and exits 1; the
 * diagnostics themselves are kept for watch mode and tests.
 */
export class BuildError extends UserError {
    constructor(
        /** The errors that failed the build. */
        readonly diagnostics: readonly ts.Diagnostic[],
        cwd = process.cwd(),
    ) {
        super(diagnostics.map(d => formatDiagnostic(d, cwd)).join("\n"));
        this.name = "BuildError";
    }
}

/** Throws a {@link BuildError} with the errors of `diagnostics`, if there are any. */
export function throwOnErrors(diagnostics: readonly ts.Diagnostic[], cwd = process.cwd()): void {
    const errors = errorsOf(diagnostics);
    if (errors.length > 0) throw new BuildError(errors, cwd);
}

/** Makes an error diagnostic that points at a node of a source file (for checks that have no code of their own yet). */
export function nodeError(node: ts.Node, message: string): ts.Diagnostic {
    const file = node.getSourceFile();
    return { category: ts.DiagnosticCategory.Error, code: 0, source: DIAGNOSTIC_SOURCE, file, start: node.getStart(file), length: node.getWidth(file), messageText: message };
}

/** The innermost node of `file` spanning `position` (where a diagnostic starts). */
export function nodeAt(file: ts.SourceFile, position: number): ts.Node | undefined {
    let found: ts.Node | undefined;
    const visit = (node: ts.Node) => {
        if (position < node.getStart(file) || position >= node.getEnd()) return;
        found = node;
        ts.forEachChild(node, visit);
    };
    ts.forEachChild(file, visit);
    return found;
}
