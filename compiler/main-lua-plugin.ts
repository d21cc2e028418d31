import * as path from "node:path";
import ts from "../common/typescript.js";
import tstl from "../common/typescript-to-lua.js";
import { codeAfterSysRun } from "./diagnostics.js";

/** What the main.lua conventions need to know about the project. */
export interface MainLuaOptions {
    /** Absolute path of the firmware's entry point, `<rootDir>/main.ts`. */
    mainFile: string;
    /** PROJECT to inject when main.ts does not set it. */
    project: string;
    /** VERSION to inject when main.ts does not set it. */
    version: string;
}

const CONVENTION_GLOBALS = ["PROJECT", "VERSION"] as const;

/**
 * A TSTL plugin that gives `main.lua` the shape LuatOS tools and firmware
 * expect:
 *
 * ```lua
 * PROJECT = "demo"          -- from main.ts, else package.json name
 * VERSION = "1.0.0"         -- from main.ts, else package.json version
 * _G.sys = require("sys")
 * ...                       -- the body of main.ts
 * sys.run()                 -- appended when main.ts does not end with it
 * ```
 *
 * It works on the Lua AST of main.ts only, so source maps stay exact. Code
 * after `sys.run()` never runs on a device; it is reported as an error (LTS1301).
 */
export function createMainLuaPlugin(options: MainLuaOptions): tstl.Plugin {
    const mainFile = path.resolve(options.mainFile);
    return {
        visitors: {
            [ts.SyntaxKind.SourceFile]: (node, context) => {
                const [file] = context.superTransformNode(node) as [tstl.File];
                if (path.resolve(node.fileName) !== mainFile) return file;
                checkNothingFollowsRun(node, context);
                file.statements = shapeMain(file.statements, node, options);
                return file;
            },
        },
    };
}

/** `sys.run()` as a TypeScript statement. */
function isSysRunStatement(statement: ts.Statement): boolean {
    if (!ts.isExpressionStatement(statement)) return false;
    const call = statement.expression;
    return (
        ts.isCallExpression(call) &&
        call.arguments.length === 0 &&
        ts.isPropertyAccessExpression(call.expression) &&
        ts.isIdentifier(call.expression.expression) &&
        call.expression.expression.text === "sys" &&
        call.expression.name.text === "run"
    );
}

/** Statements that emit no Lua: types, declarations, imports of types. */
function emitsNoCode(statement: ts.Statement): boolean {
    return (
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEmptyStatement(statement) ||
        (ts.isModuleDeclaration(statement) && (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Ambient) !== 0) ||
        (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some(m => m.kind === ts.SyntaxKind.DeclareKeyword)) ||
        (ts.isFunctionDeclaration(statement) && statement.body === undefined)
    );
}

function checkNothingFollowsRun(source: ts.SourceFile, context: tstl.TransformationContext): void {
    const statements = source.statements;
    const runIndex = statements.findIndex(isSysRunStatement);
    if (runIndex < 0) return;
    const after = statements.slice(runIndex + 1).find(s => !emitsNoCode(s));
    if (after) {
        context.diagnostics.push(codeAfterSysRun(after));
    }
}

function isGlobalAssignment(statement: tstl.Statement, name: string): boolean {
    return (
        tstl.isAssignmentStatement(statement) &&
        statement.left.length === 1 &&
        statement.left[0] !== undefined &&
        tstl.isIdentifier(statement.left[0]) &&
        statement.left[0].text === name
    );
}

function isExportsTable(statement: tstl.Statement): boolean {
    if (tstl.isVariableDeclarationStatement(statement)) {
        const [left] = statement.left;
        return left !== undefined && left.text === "____exports";
    }
    if (tstl.isReturnStatement(statement)) {
        const [expr] = statement.expressions;
        return expr !== undefined && tstl.isIdentifier(expr) && expr.text === "____exports";
    }
    return false;
}

function isSysRunCall(statement: tstl.Statement | undefined): boolean {
    if (statement === undefined || !tstl.isExpressionStatement(statement)) return false;
    const call = statement.expression;
    if (!tstl.isCallExpression(call) || call.params.length > 0) return false;
    const callee = call.expression;
    return (
        tstl.isTableIndexExpression(callee) &&
        tstl.isIdentifier(callee.table) &&
        callee.table.text === "sys" &&
        tstl.isStringLiteral(callee.index) &&
        callee.index.value === "run"
    );
}

function shapeMain(statements: tstl.Statement[], source: ts.SourceFile, options: MainLuaOptions): tstl.Statement[] {
    const exportsSomething = source.statements.some(
        s => ts.isExportDeclaration(s) || ts.isExportAssignment(s) || (ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some(m => m.kind === ts.SyntaxKind.ExportKeyword)),
    );
    // main.lua is run, never required: the module wrapper is dead weight.
    let body = exportsSomething ? statements.filter(s => !tstl.isReturnStatement(s) || !isExportsTable(s)) : statements.filter(s => !isExportsTable(s));

    const header: tstl.Statement[] = [];
    const defaults: Record<(typeof CONVENTION_GLOBALS)[number], string> = { PROJECT: options.project, VERSION: options.version };
    for (const name of CONVENTION_GLOBALS) {
        const index = body.findIndex(s => isGlobalAssignment(s, name));
        const own = index >= 0 ? body[index] : undefined;
        if (own !== undefined) {
            header.push(own);
            body = body.filter((_, i) => i !== index);
        } else {
            header.push(tstl.createAssignmentStatement(tstl.createIdentifier(name), tstl.createStringLiteral(defaults[name])));
        }
    }
    header.push(
        tstl.createAssignmentStatement(
            tstl.createTableIndexExpression(tstl.createIdentifier("_G"), tstl.createStringLiteral("sys")),
            tstl.createCallExpression(tstl.createIdentifier("require"), [tstl.createStringLiteral("sys")]),
        ),
    );
    const tail: tstl.Statement[] = [];
    if (!isSysRunCall(body[body.length - 1])) {
        tail.push(
            tstl.createExpressionStatement(
                tstl.createCallExpression(tstl.createTableIndexExpression(tstl.createIdentifier("sys"), tstl.createStringLiteral("run")), []),
            ),
        );
    }
    return [...header, ...body, ...tail];
}
