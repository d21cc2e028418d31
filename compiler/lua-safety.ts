import ts from "../common/typescript.js";
import { nullableNumberOrStringCondition, numberOrStringCondition, startComparedWithOne } from "./diagnostics.js";

/** Longest expression text quoted in a message. */
const QUOTE_MAX = 40;

function quote(node: ts.Node, file: ts.SourceFile): string {
    const text = node.getText(file).replace(/\s+/g, " ");
    return `\`${text.length > QUOTE_MAX ? text.slice(0, QUOTE_MAX - 3) + "..." : text}\``;
}

/** What a condition's type holds that Lua treats differently: a number, a string, either may be nil. */
interface Falsy {
    kind: "number" | "string";
    nullable: boolean;
}

function classify(type: ts.Type): Falsy | undefined {
    const parts = type.isUnion() ? type.types : [type];
    let kind: Falsy["kind"] | undefined;
    let nullable = false;
    for (const part of parts) {
        const flags = part.getFlags();
        if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
        if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) nullable = true;
        else if (flags & ts.TypeFlags.NumberLike || flags & ts.TypeFlags.BigIntLike) {
            // A literal that cannot be 0 (a `1 | 2` result) behaves alike in both languages only when no member is 0.
            if (part.isNumberLiteral() && part.value !== 0) continue;
            kind ??= "number";
        } else if (flags & ts.TypeFlags.StringLike) {
            if (part.isStringLiteral() && part.value !== "") continue;
            kind ??= "string";
        }
    }
    return kind === undefined ? undefined : { kind, nullable };
}

/** Expressions in a boolean position: conditions of if/while/do/for/?:, operands of `!`, and of `&&`/`||` that are themselves tested. */
function conditionsOf(node: ts.Node): ts.Expression[] {
    if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) return [node.expression];
    if (ts.isForStatement(node)) return node.condition === undefined ? [] : [node.condition];
    if (ts.isConditionalExpression(node)) return [node.condition];
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return [node.operand];
    return [];
}

function isLogical(node: ts.Expression): node is ts.BinaryExpression {
    return ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken);
}

/** The tested leaves of a condition: `a && (b || c)` tests a, b and c. */
function testedLeaves(condition: ts.Expression): ts.Expression[] {
    let expr = condition;
    while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
    if (isLogical(expr)) return [...testedLeaves(expr.left), ...testedLeaves(expr.right)];
    return [expr];
}

/** A call whose declared return type is the netclient's `socket.StartResult` (`so.start()`, `so.connect()`). */
function isStartCall(node: ts.Expression, checker: ts.TypeChecker): node is ts.CallExpression {
    while (ts.isParenthesizedExpression(node)) node = node.expression;
    if (!ts.isCallExpression(node)) return false;
    const declaration = checker.getResolvedSignature(node)?.getDeclaration();
    const returnType = declaration !== undefined && "type" in declaration ? (declaration.type as ts.TypeNode | undefined) : undefined;
    return returnType !== undefined && ts.isTypeReferenceNode(returnType) && /(^|\.)StartResult$/.test(returnType.typeName.getText());
}

function isOne(node: ts.Expression): boolean {
    while (ts.isParenthesizedExpression(node)) node = node.expression;
    return ts.isNumericLiteral(node) && Number(node.text) === 1;
}

const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/**
 * Code that reads one way in TypeScript and runs another way in Lua, found
 * in the build (the same cases the toolkit's ESLint config reports):
 *
 * - a number or string used as a condition (LTS1201, an error: Lua treats
 *   0 and "" as true, so the test never fails), or one that may also be
 *   nil (LTS1202, a warning: on the device it tests for nil only);
 * - the 2021 netclient's `start()`/`connect()` result compared with 1
 *   (LTS1203, an error): the firmware returns 0 when the thread started.
 *
 * A pure function of the program.
 *
 * @param files where to look; default every source file of the program
 *   that is not a declaration file or an external library.
 */
export function checkLuaSafety(program: ts.Program, files?: readonly ts.SourceFile[]): ts.Diagnostic[] {
    const checker = program.getTypeChecker();
    const targets = files ?? program.getSourceFiles().filter(f => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f));
    const diagnostics: ts.Diagnostic[] = [];
    const visit = (node: ts.Node, file: ts.SourceFile): void => {
        for (const condition of conditionsOf(node)) {
            for (const leaf of testedLeaves(condition)) {
                const falsy = classify(checker.getTypeAtLocation(leaf));
                if (falsy === undefined) continue;
                const make = falsy.nullable ? nullableNumberOrStringCondition : numberOrStringCondition;
                diagnostics.push(make(leaf, quote(leaf, file), falsy.kind));
            }
        }
        if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
            const call = isStartCall(node.left, checker) && isOne(node.right) ? node.left : isStartCall(node.right, checker) && isOne(node.left) ? node.right : undefined;
            if (call !== undefined) diagnostics.push(startComparedWithOne(node, quote(call, file)));
        }
        ts.forEachChild(node, child => visit(child, file));
    };
    for (const file of targets) visit(file, file);
    return diagnostics;
}
