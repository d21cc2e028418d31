/**
 * The integer values behind the constants of LuatOS's registration tables
 * (`{ "PULLUP", ROREG_INT(Luat_GPIO_PULLUP) }`): the `#define`s and `enum`
 * members of the C sources, and an evaluator for the integer constant
 * expressions they are written with (`64 + 12`, `EV_NW_RESULT_CLOSE &
 * 0x0fffffff`, `(1 << 3)`, `(uint8_t)0x80`).
 *
 * A name defined in several places with different values (per chip, per
 * library version) has no single value: it is left unknown unless the
 * definitions nearest the constant's own file agree (see {@link ConstantScope}).
 */

/** One definition of a name: its expression, where, and the enum member before it (for implicit values). */
export interface SymbolDefinition {
    /** The expression of the value, as written (`Luat_GPIO_HIGH`, `0x10`); for an enum member without `=`, `<previous member> + 1` or `0`. */
    expr: string;
    file: string;
}

function stripComments(text: string): string {
    // Keep line breaks so positions stay on their lines; strings are not expected in the parts read.
    return text.replace(/\/\*[\s\S]*?\*\//g, m => m.replace(/[^\n]/g, " ")).replace(/\/\/[^\n]*/g, "");
}

/**
 * The object-like `#define`s (any expression, continuation lines joined)
 * and the `enum` members of a C text, in order of appearance.
 */
export function symbolDefinitions(text: string, file: string): [string, SymbolDefinition][] {
    const code = stripComments(text).replace(/\\\n/g, " ");
    const out: [string, SymbolDefinition][] = [];
    for (const m of code.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(?![\w(])[ \t]*([^\n]*)$/gm)) {
        const expr = m[2]!.trim();
        if (expr !== "") out.push([m[1]!, { expr, file }]);
    }
    for (const m of code.matchAll(/\benum\b\s*\w*\s*\{([^{}]*)\}/g)) {
        // Implicit values count on from the last explicit one (`base + offset`); after a
        // preprocessor line members may be missing, so implicit values are unknown until the next `=`.
        let base: string | undefined = "0";
        let offset = -1;
        for (const chunk of m[1]!.split(",")) {
            const lines = chunk.split("\n");
            const firstCode = lines.findIndex(l => l.trim() !== "" && !/^\s*#/.test(l));
            const directiveAt = (from: number, to: number) => lines.slice(from, to).some(l => /^\s*#/.test(l));
            if (firstCode < 0) {
                if (directiveAt(0, lines.length)) base = undefined;
                continue;
            }
            if (directiveAt(0, firstCode)) base = undefined;
            const code = lines.filter(l => !/^\s*#/.test(l)).join(" ").trim();
            const e = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+))?$/.exec(code);
            if (!e) base = undefined;
            else {
                if (e[2] !== undefined) { base = e[2].trim(); offset = 0; }
                else offset++;
                if (base !== undefined) out.push([e[1]!, { expr: offset === 0 ? base : `(${base}) + ${offset}`, file }]);
            }
            if (directiveAt(firstCode + 1, lines.length)) base = undefined;
        }
    }
    return out;
}

/** All definitions of each name across many files. */
export class SymbolTable {
    private readonly byName = new Map<string, SymbolDefinition[]>();

    add(text: string, file: string): void {
        for (const [name, def] of symbolDefinitions(text, file)) {
            let list = this.byName.get(name);
            if (!list) this.byName.set(name, list = []);
            if (!list.some(d => d.expr === def.expr && d.file === def.file)) list.push(def);
        }
    }

    definitions(name: string): readonly SymbolDefinition[] {
        return this.byName.get(name) ?? [];
    }
}

/** The folder whose definitions are preferred for a file: its component (`components/lvgl`), else its own folder. */
function componentOf(file: string): string {
    const parts = file.split("/");
    return parts.length > 2 ? parts.slice(0, 2).join("/") + "/" : parts.slice(0, -1).join("/") + "/";
}

/**
 * Values of names as seen from one C file: its own definitions first, then
 * those of its component, then those of every header. A name whose
 * definitions at the first level that has any disagree has no value.
 */
export class ConstantScope {
    private readonly local: SymbolTable;
    private readonly component: string;
    private readonly cache = new Map<string, bigint | undefined>();

    constructor(private readonly global: SymbolTable, file: string, text: string) {
        this.local = new SymbolTable();
        this.local.add(text, file);
        this.component = componentOf(file);
    }

    /** The value of a name, or undefined when it is unknown or ambiguous. */
    valueOf(name: string, active: Set<string> = new Set()): bigint | undefined {
        if (this.cache.has(name)) return this.cache.get(name);
        if (active.has(name)) return undefined;
        active.add(name);
        const local = this.local.definitions(name);
        const all = this.global.definitions(name);
        const near = all.filter(d => d.file.startsWith(this.component));
        const candidates = local.length > 0 ? local : near.length > 0 ? near : all;
        const values = new Set(candidates.map(d => evaluate(d.expr, n => this.valueOf(n, active))));
        active.delete(name);
        const value = values.size === 1 ? [...values][0] : undefined;
        this.cache.set(name, value);
        return value;
    }

    /** The value of an expression, or undefined. */
    evaluate(expr: string): bigint | undefined {
        return evaluate(expr, n => this.valueOf(n));
    }
}

const TYPE_WORDS = /^(?:unsigned|signed|const|volatile|int|long|short|char|bool|size_t|ssize_t|u?int(?:8|16|32|64)_t|uint|u8|u16|u32|s8|s16|s32|lua_Integer|lua_Number)$/;

/**
 * Evaluates a C integer constant expression: decimal, hex, octal and
 * character literals (with U/L suffixes), names through `lookup`, unary
 * `- + ~ !`, binary `* / % + - << >> < <= > >= == != & ^ | && ||`, `?:`,
 * parentheses and casts to integer types. Undefined for anything else.
 */
export function evaluate(expr: string, lookup: (name: string) => bigint | undefined): bigint | undefined {
    const tokens = expr.match(/0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|'(?:\\.|[^'\\])'|[A-Za-z_]\w*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%~!&|^()<>?:]|\S/g) ?? [];
    let i = 0;
    const fail = (): never => { throw new NotConstant(); };
    const peek = () => tokens[i];
    const next = () => tokens[i++] ?? fail();
    const castAhead = (): boolean => {
        // `(` type words `)` followed by an operand.
        let j = i + 1;
        let words = 0;
        while (tokens[j] !== undefined && TYPE_WORDS.test(tokens[j]!)) { j++; words++; }
        return words > 0 && tokens[j] === ")" && tokens[j + 1] !== undefined && /^[\w'(~!+-]/.test(tokens[j + 1]!);
    };
    const primary = (): bigint => {
        const t = next();
        if (t === "(") {
            const v = ternary();
            if (next() !== ")") fail();
            return v;
        }
        if (/^0[xX]/.test(t)) return BigInt(t.replace(/[uUlL]+$/, ""));
        if (/^0\d+/.test(t)) return BigInt("0o" + t.replace(/[uUlL]+$/, "").slice(1));
        if (/^\d/.test(t)) return BigInt(t.replace(/[uUlL]+$/, ""));
        if (t.startsWith("'")) {
            const body = t.slice(1, -1);
            const escapes: Record<string, number> = { n: 10, r: 13, t: 9, "0": 0, "\\": 92, "'": 39, '"': 34 };
            if (body.startsWith("\\")) { const c = escapes[body.slice(1)]; return c === undefined ? fail() : BigInt(c); }
            return BigInt(body.charCodeAt(0));
        }
        if (/^[A-Za-z_]/.test(t)) {
            if (t === "sizeof") fail();
            const v = lookup(t);
            return v === undefined ? fail() : v;
        }
        return fail();
    };
    const unary = (): bigint => {
        const t = peek();
        if (t === "-") { i++; return -unary(); }
        if (t === "+") { i++; return unary(); }
        if (t === "~") { i++; return -unary() - 1n; }
        if (t === "!") { i++; return unary() === 0n ? 1n : 0n; }
        if (t === "(" && castAhead()) {
            const start = i + 1;
            while (tokens[i] !== ")") i++;
            const words = tokens.slice(start, i);
            i++;
            return castTo(words, unary());
        }
        return primary();
    };
    const LEVELS: string[][] = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", "<=", ">", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];
    const binary = (level: number): bigint => {
        if (level === LEVELS.length) return unary();
        let v = binary(level + 1);
        while (peek() !== undefined && LEVELS[level]!.includes(peek()!)) {
            const op = next();
            const r = binary(level + 1);
            v = apply(op, v, r);
        }
        return v;
    };
    const ternary = (): bigint => {
        const c = binary(0);
        if (peek() !== "?") return c;
        i++;
        const a = ternary();
        if (next() !== ":") fail();
        const b = ternary();
        return c !== 0n ? a : b;
    };
    try {
        const v = ternary();
        return i === tokens.length ? v : undefined;
    } catch (e) {
        if (e instanceof NotConstant) return undefined;
        throw e;
    }
}

class NotConstant extends Error {}

function apply(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
        case "||": return a !== 0n || b !== 0n ? 1n : 0n;
        case "&&": return a !== 0n && b !== 0n ? 1n : 0n;
        case "|": return a | b;
        case "^": return a ^ b;
        case "&": return a & b;
        case "==": return a === b ? 1n : 0n;
        case "!=": return a !== b ? 1n : 0n;
        case "<": return a < b ? 1n : 0n;
        case "<=": return a <= b ? 1n : 0n;
        case ">": return a > b ? 1n : 0n;
        case ">=": return a >= b ? 1n : 0n;
        case "<<": return b < 0n || b > 63n ? fail() : a << b;
        case ">>": return b < 0n || b > 63n ? fail() : a >> b;
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        // C division truncates toward zero, as BigInt's does.
        case "/": return b === 0n ? fail() : a / b;
        case "%": return b === 0n ? fail() : a % b;
    }
    return fail();
}

function fail(): never {
    throw new NotConstant();
}

/** A cast to a sized integer type wraps the value; other integer types keep it. */
function castTo(words: string[], v: bigint): bigint {
    const w = words.filter(x => x !== "const" && x !== "volatile").join(" ");
    const sized = /^(u?)int(8|16|32|64)_t$/.exec(w) ?? /^(u|s)(8|16|32)$/.exec(w);
    if (sized) {
        const bits = Number(sized[2]);
        return sized[1] === "u" ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
    }
    if (w === "unsigned char") return BigInt.asUintN(8, v);
    if (w === "char" || w === "signed char") return BigInt.asIntN(8, v);
    return v;
}
