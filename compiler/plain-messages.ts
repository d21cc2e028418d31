/**
 * TypeScript's messages for the mistakes firmware authors make most, said in
 * the firmware's terms. The declarations model Lua's multiple returns with
 * TSTL's `LuaMultiReturn` (whose brand `__tstlMultiReturn` TypeScript prints
 * when it expands the type) and the netclient's events as overloads; left
 * alone, a wrong event name gives nine lines about overloads, and assigning
 * `sys.waitUntil(...)` to one variable names TSTL's internal brand.
 *
 * Only the text changes: the code (`TS2322`, `TS2769`) stays, so users can
 * still search for it.
 */

/** The lines of a flattened message chain (the first line, then the indented reasons). */
type Lines = string[];

const MULTI_RETURN_BRAND = /__tstlMultiReturn/;
const MULTI_RETURN_OPEN = "LuaMultiReturn<";

/** The text between `LuaMultiReturn<` and its matching `>`, with where it starts and ends. */
function multiReturnAt(line: string): { start: number; end: number; inner: string } | undefined {
    const start = line.indexOf(MULTI_RETURN_OPEN);
    if (start < 0) return undefined;
    let depth = 1;
    for (let i = start + MULTI_RETURN_OPEN.length; i < line.length; i++) {
        const c = line[i];
        if (c === "<") depth++;
        else if (c === ">" && line[i - 1] !== "=" && --depth === 0) {
            return { start, end: i + 1, inner: line.slice(start + MULTI_RETURN_OPEN.length, i) };
        }
    }
    return undefined;
}

/** `[a: number, b: string] | [false]` as `(a: number, b: string) or (false)`. */
function describeValues(inner: string): string {
    const alternatives: string[] = [];
    let depth = 0;
    let from = 0;
    for (let i = 0; i < inner.length; i++) {
        const c = inner[i];
        if (c === "[" || c === "(" || c === "<" || c === "{") depth++;
        else if (c === "]" || c === ")" || c === ">" || c === "}") depth--;
        else if (c === "|" && depth === 0) {
            alternatives.push(inner.slice(from, i).trim());
            from = i + 1;
        }
    }
    alternatives.push(inner.slice(from).trim());
    return alternatives.map(a => (a.startsWith("[") && a.endsWith("]") ? `(${a.slice(1, -1)})` : a)).join(" or ");
}

/**
 * `Type 'LuaMultiReturn<[a: number, b: string]>' is not assignable to ...`:
 * drops the reason lines that show TSTL's brand, names the values, and says
 * how to take them.
 */
function explainMultiReturn(lines: Lines): Lines {
    if (!lines.some(l => l.includes(MULTI_RETURN_OPEN) || MULTI_RETURN_BRAND.test(l))) return lines;
    const kept = lines.filter(l => !MULTI_RETURN_BRAND.test(l)).map(line => {
        const found = multiReturnAt(line);
        if (found === undefined) return line;
        const quoted = line[found.start - 1] === "'" && line[found.end] === "'";
        const from = quoted ? found.start - 1 : found.start;
        const to = quoted ? found.end + 1 : found.end;
        return `${line.slice(0, from)}several values ${describeValues(found.inner)}${line.slice(to)}`;
    });
    const hint = "the function returns several values in Lua, not a tuple: take them with a destructuring assignment, e.g. `const [ok, value] = ...`";
    return [...kept, `  ${hint}`];
}

const OVERLOAD_HEAD = /^No overload matches this call\.$/;
const LITERAL_MISMATCH = /^\s*Argument of type '"([^"]*)"' is not assignable to parameter of type '"([^"]*)"'\.$/;
const OVERLOAD_LINE = /^\s*Overload \d+ of \d+, /;

/**
 * `so.on("close", fn)` against `on(event: "connect" | ...)` overloads: when
 * every overload rejects the same string literal for another literal, the
 * whole chain says one thing: the string is not one of the accepted names.
 * When one overload accepts the name but not the callback, only that
 * overload's reasons are kept.
 */
function explainLiteralOverloads(lines: Lines): Lines {
    if (!OVERLOAD_HEAD.test(lines[0] ?? "")) return lines;
    const groups: Lines[] = [];
    for (const line of lines.slice(1)) {
        if (OVERLOAD_LINE.test(line)) groups.push([line]);
        else groups.at(-1)?.push(line);
    }
    if (groups.length < 2) return lines;
    const rejected = groups.map(group => group.map(l => LITERAL_MISMATCH.exec(l)).find(m => m !== null) ?? null);
    const given = rejected.find(m => m !== null)?.[1];
    if (given === undefined || rejected.some(m => m !== null && m[1] !== given)) return lines;
    const accepted = rejected.flatMap(m => (m === null ? [] : [`"${m[2]}"`]));
    const matching = groups.filter((_group, i) => rejected[i] === null);
    if (matching.length === 0) return [`"${given}" is not one of ${accepted.join(", ")}`];
    if (matching.length === 1) {
        const [header = "", ...reasons] = matching[0]!;
        const signature = /'(.*)'/.exec(header)?.[1];
        const outdented = reasons.map(r => r.replace(/^ {2}/, ""));
        return [`the callback does not fit "${given}"${signature === undefined ? "" : `, whose signature is ${signature}`}:`, ...outdented];
    }
    return lines;
}

const EXPLAINERS = [explainMultiReturn, explainLiteralOverloads];

/**
 * The message of a TypeScript diagnostic (flattened, one reason per line)
 * in plain terms where it is one of the common mistakes above; other
 * messages come back unchanged.
 */
export function plainMessage(message: string): string {
    let lines = message.split("\n");
    for (const explain of EXPLAINERS) lines = explain(lines);
    return lines.join("\n");
}
