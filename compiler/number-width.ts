import { floatToString } from "../runtime/number-format.js";
import { lua32BitBoardNames } from "../image/boards.js";
import ts from "../common/typescript.js";
import { atSpan, bigIntegerLiteral, DIAGNOSTIC_SOURCE, preciseFloatLiteral, wrappingConstant, type DiagnosticKind } from "./diagnostics.js";

/** The `source` of this check's diagnostics (their codes are LTS1101-LTS1103). */
export const NUMBER_WIDTH_SOURCE = DIAGNOSTIC_SOURCE;

/** Largest and smallest Lua integer with `LUA_32BITS` (Air640W, Air302, ESP32 builds). */
const INT32_MAX = 2n ** 31n - 1n;
const INT32_MIN = -(2n ** 31n);

/** Significant decimal digits a 32-bit float (24-bit mantissa) keeps: 7 (FLT_DIG is 6, %.7g round-trips most). */
const FLOAT32_DIGITS = 7;

/** What each finding says; the docs (docs/vm-differences.md) explain the background. */
const SEE = "see docs/vm-differences.md";

/** A finding at a node of a file (the file is passed: test programs may have no parent pointers). */
function warning(kind: DiagnosticKind, node: ts.Node, file: ts.SourceFile, message: string): ts.Diagnostic {
    return atSpan(kind, file, node.getStart(file), node.getWidth(file), message);
}

/**
 * Significant decimal digits of a number as JavaScript prints it shortest
 * (`0.00123` has 3, `1.50` has 2, `1e-7` has 1, `123.456789` has 9).
 */
export function significantDigits(value: number): number {
    const mantissa = String(Math.abs(value)).toLowerCase().split("e")[0]!.replace(".", "");
    return mantissa.replace(/^0+/, "").replace(/0+$/, "").length;
}

/** The value of an integer constant expression, and whether any step of it left the 32-bit range. */
interface Constant {
    value: bigint;
    /** A `+ - * <<` result (not a literal) outside the 32-bit range. */
    wrapped: boolean;
    /** A literal outside the 32-bit range (reported on its own). */
    bigLiteral: boolean;
}

function outsideInt32(value: bigint): boolean {
    return value > INT32_MAX || value < INT32_MIN;
}

/**
 * The exact value of a constant expression made only of integer literals,
 * parentheses, unary minus and `+ - * <<` (what TSTL emits as Lua integer
 * arithmetic), or undefined for anything else.
 */
function integerConstant(node: ts.Expression): Constant | undefined {
    if (ts.isParenthesizedExpression(node)) return integerConstant(node.expression);
    if (ts.isNumericLiteral(node)) {
        const value = Number(node.text);
        if (!Number.isSafeInteger(value)) return undefined;
        return { value: BigInt(value), wrapped: false, bigLiteral: outsideInt32(BigInt(value)) };
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
        const inner = integerConstant(node.operand);
        return inner === undefined ? undefined : { ...inner, value: -inner.value };
    }
    if (!ts.isBinaryExpression(node)) return undefined;
    const left = integerConstant(node.left);
    const right = integerConstant(node.right);
    if (left === undefined || right === undefined) return undefined;
    let value: bigint;
    switch (node.operatorToken.kind) {
        case ts.SyntaxKind.PlusToken:
            value = left.value + right.value;
            break;
        case ts.SyntaxKind.MinusToken:
            value = left.value - right.value;
            break;
        case ts.SyntaxKind.AsteriskToken:
            value = left.value * right.value;
            break;
        case ts.SyntaxKind.LessThanLessThanToken:
            if (right.value < 0n || right.value >= 64n) return undefined;
            value = left.value << right.value;
            break;
        default:
            return undefined;
    }
    return { value, wrapped: left.wrapped || right.wrapped || outsideInt32(value), bigLiteral: left.bigLiteral || right.bigLiteral };
}

/**
 * Warns about firmware code whose numbers depend on the Lua number width.
 * Air640W (and Air302, ESP32) firmware runs Lua with 32-bit integers and
 * 32-bit floats, and so does the simulator for those boards;
 * Debian's lua5.3 (the busted tier) has 64-bit both. Reported:
 *
 * - an integer literal outside the 32-bit range (`3000000000`,
 *   `0xffffffff`, the `2147483648` of `-2147483648`): an integer on 64-bit
 *   Lua but a float on the device and in the simulator;
 * - a constant integer expression (`1 << 31`, `100000 * 100000`) whose
 *   value leaves the 32-bit range although its operands do not: it wraps
 *   around on the device and in the simulator, not on 64-bit Lua;
 * - a fractional literal with more than 7 significant digits
 *   (`123.456789`): a 32-bit float keeps about 7, so the device (and the
 *   simulator) computes with, and prints, a different value than 64-bit Lua.
 *
 * Only literals and constant expressions are seen; values computed at run
 * time cannot be checked statically. All findings are warnings
 * (LTS1101 literal, LTS1102 constant, LTS1103 float). A pure function of the program.
 *
 * @param files where to look; default every source file of the program
 *   that is not a declaration file or an external library.
 */
export function checkNumberWidth(program: ts.Program, files?: readonly ts.SourceFile[]): ts.Diagnostic[] {
    const targets = files ?? program.getSourceFiles().filter(f => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f));
    const diagnostics: ts.Diagnostic[] = [];
    /** @param inConstant whether `node` is an operand of a larger integer constant expression (reported there). */
    const visit = (node: ts.Node, file: ts.SourceFile, inConstant: boolean): void => {
        // Types are erased: a literal type never reaches Lua.
        if (ts.isTypeNode(node)) return;
        const constant = ts.isBinaryExpression(node) || ts.isParenthesizedExpression(node) || ts.isPrefixUnaryExpression(node) ? integerConstant(node) : undefined;
        if (ts.isBinaryExpression(node) && !inConstant) {
            if (constant !== undefined && constant.wrapped && !constant.bigLiteral) {
                diagnostics.push(
                    warning(
                        wrappingConstant,
                        node,
                        file,
                        `this constant is ${constant.value}, past the 32-bit integer range (-2147483648 .. 2147483647): it wraps around on LUA_32BITS devices (${lua32BitBoardNames()}) and in the simulator, but not on 64-bit Lua; ${SEE}`,
                    ),
                );
            }
        }
        if (ts.isNumericLiteral(node)) {
            const value = Number(node.text);
            if (Number.isInteger(value) && (value > Number(INT32_MAX) || value < Number(INT32_MIN))) {
                diagnostics.push(
                    warning(
                        bigIntegerLiteral,
                        node,
                        file,
                        `integer literal ${node.getText(file)} is outside the 32-bit range (up to 2147483647): it is a float on LUA_32BITS devices (${lua32BitBoardNames()}) and in the simulator, an integer on 64-bit Lua; ${SEE}`,
                    ),
                );
            } else if (!Number.isInteger(value) && significantDigits(value) > FLOAT32_DIGITS) {
                diagnostics.push(
                    warning(
                        preciseFloatLiteral,
                        node,
                        file,
                        `${node.getText(file)} has ${significantDigits(value)} significant digits; LUA_32BITS devices (${lua32BitBoardNames()}) use 32-bit floats that keep about ${FLOAT32_DIGITS} (it becomes ${Math.fround(value).toPrecision(FLOAT32_DIGITS)}, printed as ${floatToString(Math.fround(value))}), while 64-bit Lua keeps 15; ${SEE}`,
                    ),
                );
            }
        }
        ts.forEachChild(node, child => visit(child, file, inConstant || (ts.isBinaryExpression(node) && constant !== undefined)));
    };
    for (const file of targets) visit(file, file, false);
    return diagnostics;
}
