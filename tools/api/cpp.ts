/**
 * Just enough of the C preprocessor for reading LuatOS sources: which
 * `#if` conditions are active on each line, object-like defines of a
 * configuration header, and evaluating a condition against them.
 */

/** For each line (0-based), the conditions active on it, outermost first (`defined(X)`, `!(defined(X))`). */
export function conditionsByLine(text: string): string[][] {
    const lines = text.split("\n");
    const result: string[][] = [];
    // Each frame: the condition of its current branch, and the raw conditions of all its branches so far.
    const stack: { current: string; branches: string[] }[] = [];
    let continued = "";
    for (const raw of lines) {
        result.push(stack.map(f => f.current));
        const line = continued + raw;
        if (line.endsWith("\\")) { continued = line.slice(0, -1); continue; }
        continued = "";
        const m = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)$/.exec(line);
        if (!m) continue;
        const expr = stripComment(m[2]!).trim();
        const not = (branches: string[]) => branches.map(p => `!(${p})`);
        switch (m[1]) {
            case "ifdef": stack.push({ current: `defined(${expr})`, branches: [`defined(${expr})`] }); break;
            case "ifndef": stack.push({ current: `!defined(${expr})`, branches: [`!defined(${expr})`] }); break;
            case "if": stack.push({ current: normalise(expr), branches: [normalise(expr)] }); break;
            case "elif": {
                const f = stack.at(-1);
                if (f) { f.current = [...not(f.branches), normalise(expr)].join(" && "); f.branches.push(normalise(expr)); }
                break;
            }
            case "else": {
                const f = stack.at(-1);
                if (f) f.current = not(f.branches).join(" && ");
                break;
            }
            case "endif": stack.pop(); break;
        }
    }
    return result;
}

function stripComment(s: string): string {
    return s.replace(/\/\*.*?\*\//g, "").replace(/\/\/.*$/, "");
}

function normalise(expr: string): string {
    return expr.replace(/\s+/g, " ");
}

/** Object-like `#define NAME value` lines of a header (value "1" when empty); commented-out lines are skipped. */
export function definesOf(text: string): Map<string, string> {
    const defines = new Map<string, string>();
    for (const line of text.split("\n")) {
        const m = /^\s*#\s*define\s+([A-Za-z_]\w*)(?:\s+(.*))?$/.exec(line);
        if (m) defines.set(m[1]!, stripComment(m[2] ?? "").trim() || "1");
    }
    return defines;
}

/**
 * Evaluates a preprocessor condition against `defines`: `defined`, `!`,
 * `&&`, `||`, comparisons and integers. An unknown name is 0, as in C.
 */
export function evaluateCondition(expr: string, defines: ReadonlyMap<string, string>): boolean {
    const tokens = expr.match(/defined|[A-Za-z_]\w*|0x[0-9a-fA-F]+|\d+[uUlL]*|&&|\|\||==|!=|<=|>=|[()!<>+\-*/]/g) ?? [];
    let i = 0;
    const peek = () => tokens[i];
    const next = () => tokens[i++];
    const value = (name: string, depth = 0): number => {
        const v = defines.get(name);
        if (v === undefined) return 0;
        if (/^\(?\s*-?\d+/.test(v)) return parseInt(v.replace(/[()\s]/g, ""), 10) || 0;
        if (/^0x/i.test(v)) return parseInt(v, 16);
        if (depth < 4 && /^[A-Za-z_]\w*$/.test(v)) return value(v, depth + 1);
        return 1;
    };
    const primary = (): number => {
        const t = next();
        if (t === undefined) return 0;
        if (t === "(") { const v = or(); if (peek() === ")") next(); return v; }
        if (t === "!") return primary() ? 0 : 1;
        if (t === "-") return -primary();
        if (t === "defined") {
            let name = next();
            if (name === "(") { name = next(); next(); }
            return name !== undefined && defines.has(name) ? 1 : 0;
        }
        if (/^0x/i.test(t)) return parseInt(t, 16);
        if (/^\d/.test(t)) return parseInt(t, 10);
        return value(t);
    };
    const comparison = (): number => {
        let v = primary();
        for (;;) {
            const op = peek();
            if (op !== "==" && op !== "!=" && op !== "<" && op !== ">" && op !== "<=" && op !== ">=") return v;
            next();
            const r = primary();
            v = Number(op === "==" ? v === r : op === "!=" ? v !== r : op === "<" ? v < r : op === ">" ? v > r : op === "<=" ? v <= r : v >= r);
        }
    };
    const and = (): number => { let v = comparison(); while (peek() === "&&") { next(); const r = comparison(); v = v && r ? 1 : 0; } return v; };
    const or = (): number => { let v = and(); while (peek() === "||") { next(); const r = and(); v = v || r ? 1 : 0; } return v; };
    return or() !== 0;
}
