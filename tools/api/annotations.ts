/**
 * Parsing LuatOS doc annotations (the `@api`, `@int`, `@return`, `@usage`
 * tags of the C comments and the Lua `--[[ ]]` / LDoc `---` blocks) into
 * {@link FunctionDoc} data.
 */
import type { FunctionDoc, ParamDoc, ReturnDoc } from "./model.js";

const TYPE_WORDS = new Set([
    "int", "integer", "number", "num", "float", "double", "string", "str", "boolean", "bool", "table", "function", "func",
    "userdata", "lightuserdata", "zbuff", "any", "nil", "...", "object", "buff", "bytes", "fun", "void", "null", "array",
]);
/** Tags that are not parameters. */
const OTHER_TAGS = new Set(["api", "return", "usage", "module", "summary", "version", "date", "author", "demo", "video", "tag", "catalog", "const", "note", "see", "chip", "warning"]);

/** Lines kept of a `@usage` block, and its longest text. */
const USAGE_LINES = 3;
const USAGE_CHARS = 200;
/** Longest description kept. */
const DESCRIPTION_CHARS = 800;

/** True for a type word or a combination (`int/string`, `string|nil`). */
export function isTypeWord(word: string): boolean {
    const parts = word.toLowerCase().split(/[/|]/).filter(Boolean);
    return parts.length > 0 && parts.every(p => TYPE_WORDS.has(p));
}

/** Names of the parameters in an `@api` signature and whether it ends in `...`. */
export function signatureOf(api: string): { owner: string; name: string; separator: "." | ":" | ""; params: string[]; variadic: boolean } {
    const m = /^\s*([\w.]*?)([.:]?)(\w+)\s*\(([^)]*)\)?/.exec(api);
    if (!m) return { owner: "", name: api.trim(), separator: "", params: [], variadic: false };
    // Names are separated by commas (and, by mistake, sometimes only by spaces); `[a]` marks an optional one; `a=1` a default.
    const raw = (m[4] ?? "").replace(/[[\]]/g, ",").replace(/\s*=\s*[^,]*/g, "").split(/[,\s]+/).map(s => s.trim()).filter(Boolean);
    const variadic = raw.some(p => p.includes("..."));
    const params = raw.filter(p => !p.includes("...")).map(p => p.replace(/\W/g, ""));
    return { owner: m[1] ?? "", separator: (m[2] ?? "") as "." | ":" | "", name: m[3]!, params, variadic };
}

function clip(text: string, max: number): string {
    return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + "…";
}

/**
 * Parses a comment body (without its comment markers) into a doc.
 * `signatureParams` are the names from the Lua definition when the block
 * has no `@api` line.
 */
export function parseDocBlock(body: string, file: string, line: number, signatureParams: string[] = [], signatureVariadic = false, callee?: string): FunctionDoc {
    const lines = body.replace(/\r/g, "").split("\n");
    const description: string[] = [];
    const params: ParamDoc[] = [];
    const returns: ReturnDoc[] = [];
    const usage: string[] = [];
    let api: string | undefined;
    let inUsage = false;
    let sig = { params: signatureParams, variadic: signatureVariadic };
    let variadic = signatureVariadic;
    let seenTag = false;
    for (const rawLine of lines) {
        const text = rawLine.trim();
        const tag = /^@(\w+|\.\.\.)\s*(.*)$/.exec(text);
        if (tag && !(inUsage && !isKnownTag(tag[1]!))) {
            seenTag = true;
            inUsage = false;
            const name = tag[1]!;
            const rest = tag[2]!.trim();
            // 2021 sources sometimes name the function with `@function mod.name()` instead of `@api`.
            if (name === "api" || (name === "function" && api === undefined && /^[\w.:]+\s*\(/.test(rest))) {
                api = rest;
                const s = signatureOf(rest);
                sig = { params: s.params, variadic: s.variadic };
                variadic = s.variadic;
            } else if (name === "return") {
                const [first = "", ...others] = rest.split(/\s+/);
                if (isTypeWord(first)) returns.push({ type: first, description: others.join(" ") });
                else returns.push({ type: "any", description: rest });
            } else if (name === "usage") {
                inUsage = true;
                if (rest) usage.push(rest);
            } else if (name === "..." || (name === "param" && rest.startsWith("..."))) {
                variadic = true;
            } else if (!OTHER_TAGS.has(name)) {
                // `@int config.x ...`: a field of the table parameter `config`, kept with its dotted name.
                const field = /^([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)(?:\s+|$)(.*)$/.exec(rest);
                if (field && params.some(p => p.name === field[1])) {
                    params.push({ name: field[1]! + field[2]!, type: name, description: field[3]!.trim() });
                    continue;
                }
                const positional = params.filter(p => !p.name.includes(".")).length;
                params.push(paramOf(name, rest, positional, sig.params));
            }
            continue;
        }
        if (inUsage) usage.push(rawLine.replace(/^\t/, "").trimEnd());
        else if (!seenTag && text) description.push(text);
    }
    // Signature names without a tag are still parameters, of unknown type.
    const positional = params.filter(p => !p.name.includes(".")).length;
    for (let i = positional; i < sig.params.length; i++) params.push({ name: sig.params[i]!, type: "any", description: "" });
    const doc: FunctionDoc = {
        description: clip(description.join("\n"), DESCRIPTION_CHARS),
        params,
        returns,
        file,
        line,
    };
    if (variadic || sig.variadic) doc.variadic = true;
    if (api !== undefined) doc.api = api;
    // How the examples call the function (read before the usage is trimmed).
    const name = api !== undefined ? signatureOf(api) : undefined;
    const target = name?.owner ? `${name.owner}${name.separator}${name.name}` : callee;
    if (target !== undefined) {
        const calls = usageCalls(usage.join("\n"), target);
        if (calls.counts.length > 0) {
            doc.usageCalls = { fewest: Math.min(...calls.counts) };
            if (calls.nils.size > 0) doc.usageCalls.nils = [...calls.nils].sort((a, b) => a - b);
        }
    }
    const usageText = trimUsage(usage);
    if (usageText) doc.usage = usageText;
    return doc;
}

function isKnownTag(name: string): boolean {
    return OTHER_TAGS.has(name) || isTypeWord(name) || name === "param";
}

function paramOf(tag: string, rest: string, index: number, names: string[]): ParamDoc {
    const words = rest.split(/\s+/).filter(Boolean);
    const expected = names[index];
    if (tag === "param") {
        // `@param number 项目ID`: a type where the name should be.
        if (words[0] !== undefined && isTypeWord(words[0]) && !names.includes(words[0])) {
            return { name: expected ?? `arg${index + 1}`, type: words[0], description: words.slice(1).join(" ") };
        }
        // LDoc: `@param name description`, the type unknown.
        const [name = expected ?? `arg${index + 1}`, ...others] = words;
        return { name: /^[A-Za-z_]\w*$/.test(name) ? name : (expected ?? `arg${index + 1}`), type: "any", description: others.join(" ") };
    }
    const first = words[0];
    if (first !== undefined && /^[A-Za-z_]\w*$/.test(first) && (first === expected || names.includes(first) || (names.length === 0 && words.length > 1))) {
        return { name: first, type: tag, description: words.slice(1).join(" ") };
    }
    return { name: expected ?? `arg${index + 1}`, type: tag, description: rest };
}

function trimUsage(lines: string[]): string {
    while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
    while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
    let kept = lines.slice(0, USAGE_LINES);
    let text = kept.join("\n");
    if (kept.length < lines.length || text.length > USAGE_CHARS) {
        text = clip(text, USAGE_CHARS);
        kept = text.split("\n");
        text = kept.join("\n") + "\n-- …";
    }
    return text;
}

/** Argument counts and nil positions of the calls to `callee(` in a usage text. */
export function usageCalls(usage: string | undefined, callee: string): { counts: number[]; nils: Set<number> } {
    const counts: number[] = [];
    const nils = new Set<number>();
    if (!usage) return { counts, nils };
    let from = 0;
    for (;;) {
        const at = usage.indexOf(callee + "(", from);
        if (at < 0) break;
        from = at + callee.length + 1;
        if (at > 0 && /[\w.:]/.test(usage[at - 1]!)) continue;
        let depth = 1, i = from, arg = "";
        const args: string[] = [];
        for (; i < usage.length && depth > 0; i++) {
            const ch = usage[i]!;
            if (ch === "(" || ch === "{" || ch === "[") depth++;
            if (ch === ")" || ch === "}" || ch === "]") depth--;
            if (depth === 0) break;
            if (ch === "," && depth === 1) { args.push(arg); arg = ""; continue; }
            arg += ch;
        }
        if (depth !== 0) break;
        if (arg.trim() !== "" || args.length > 0) args.push(arg);
        counts.push(args.length);
        args.forEach((a, k) => { if (a.trim() === "nil") nils.add(k); });
    }
    return { counts, nils };
}

