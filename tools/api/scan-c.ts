/**
 * Reading one LuatOS C source: its `@module` header, its `@api` doc blocks
 * (by the C function that follows each), its registration tables
 * (`rotable_Reg_t`, `rotable_Reg`, `luaL_Reg`) and its `luaopen_*`
 * functions with the tables they register.
 */
import { parseDocBlock, signatureOf } from "./annotations.js";
import { conditionsByLine } from "./cpp.js";
import { inferSignatures } from "./infer-c.js";
import type { FunctionDoc, InferredSignature } from "./model.js";

/** One `{ "name", ... }` entry of a registration table. */
export interface RegEntry {
    name: string;
    line: number;
    /** The C function for a function entry. */
    impl?: string;
    /** Constant entries: the value expression and its kind. */
    expr?: string;
    valueKind?: "int" | "number" | "string" | "bool" | "pointer";
    /** Text of a `//@const NAME type desc` comment before it. */
    constDoc?: { type: string; description: string };
    /** Conditions beyond the table's own. */
    guard: string[];
}

export interface RegTable {
    name: string;
    line: number;
    entries: RegEntry[];
}

export interface CFileScan {
    file: string;
    header?: { name: string; summary?: string; tag?: string; line: number };
    /** Doc blocks by the C function defined after them. */
    docsByImpl: Map<string, FunctionDoc>;
    /** Every doc block with an `@api` line. */
    docs: FunctionDoc[];
    tables: Map<string, RegTable>;
    /** `luaopen_x` → the tables it registers, in order. */
    openers: Map<string, { line: number; tables: string[] }>;
    /** `#define NAME literal` of this file. */
    defines: Map<string, string>;
    /** What the bodies of its Lua C functions show, by function name. */
    signatures: Map<string, InferredSignature>;
}

function lineAt(text: string, index: number, starts: number[]): number {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= index) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
}

export function scanCFile(file: string, text: string): CFileScan {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    const conditions = conditionsByLine(text);
    const scan: CFileScan = { file, docsByImpl: new Map(), docs: [], tables: new Map(), openers: new Map(), defines: new Map(), signatures: inferSignatures(text) };

    // Doc comments.
    const commentRe = /\/\*([\s\S]*?)\*\//g;
    const fnRe = /^[ \t]*(?:static\s+)?(?:LUAMOD_API\s+|LUALIB_API\s+)?int\s+(\w+)\s*\(\s*lua_State\s*\*\s*\w*\s*\)\s*\{?/gm;
    for (let m = commentRe.exec(text); m; m = commentRe.exec(text)) {
        const body = m[1]!.split("\n").map(l => l.replace(/^\s*\*(?!\/)\s?/, "")).join("\n");
        const line = lineAt(text, m.index, starts);
        if (/(^|\n)\s*@module\s/.test(body) && !scan.header) {
            const tag = (t: string) => new RegExp(`(?:^|\\n)\\s*@${t}\\s+([^\\n]*)`).exec(body)?.[1]?.trim();
            const header: NonNullable<CFileScan["header"]> = { name: tag("module")!.split(/\s+/)[0]!, line };
            const summary = tag("summary"); if (summary) header.summary = summary;
            const t = tag("tag"); if (t) header.tag = t;
            scan.header = header;
            continue;
        }
        if (!/(^|\n)\s*@(api\s|function\s+[\w.:]+\s*\()/.test(body)) continue;
        const doc = parseDocBlock(body, file, line);
        scan.docs.push(doc);
        fnRe.lastIndex = commentRe.lastIndex;
        const fn = fnRe.exec(text);
        // The function must follow the block closely (no other doc block in between).
        if (fn) {
            const between = text.slice(commentRe.lastIndex, fn.index);
            if (!/@api\s/.test(between) && between.length < 4000) scan.docsByImpl.set(fn[1]!, doc);
        }
    }

    // Doc blocks kept in `//` line comments (`// /** ... @api ... // */`): same association rule.
    const lineComment = /(?:^[ \t]*\/\/[^\n]*\n)+/gm;
    for (let m = lineComment.exec(text); m; m = lineComment.exec(text)) {
        if (!/@api\s/.test(m[0])) continue;
        const body = m[0].split("\n").map(l => l.replace(/^\s*\/\/\s?/, "").replace(/^\s*\/\*\*?\s?|\s*\*\/\s*$/g, "").replace(/^\s*\*(?!\/)\s?/, "")).join("\n");
        const line = lineAt(text, m.index, starts);
        const doc = parseDocBlock(body, file, line);
        scan.docs.push(doc);
        fnRe.lastIndex = m.index + m[0].length;
        const fn = fnRe.exec(text);
        if (fn && fn.index - (m.index + m[0].length) < 200 && !scan.docsByImpl.has(fn[1]!)) scan.docsByImpl.set(fn[1]!, doc);
    }

    // Defines with literal values (for constant values).
    for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+\(?[ \t]*(-?(?:0x[0-9a-fA-F]+|\d+))[uUlL]*[ \t]*\)?[ \t]*(?:\/\/.*|\/\*.*)?$/gm)) {
        scan.defines.set(m[1]!, m[2]!);
    }

    // Registration tables.
    const tableRe = /(?:static\s+)?(?:const\s+)?(?:rotable_Reg_t|rotable_Reg|luaL_Reg|rotable2_Reg_t)\s+(\w+)\s*\[\s*\w*\s*\]\s*=\s*\{/g;
    for (let m = tableRe.exec(text); m; m = tableRe.exec(text)) {
        const tableLine = lineAt(text, m.index, starts);
        const tableConds = new Set(conditions[tableLine - 1] ?? []);
        const table: RegTable = { name: m[1]!, line: tableLine, entries: [] };
        // The table ends at the first `};` after it.
        const end = text.indexOf("};", tableRe.lastIndex);
        const body = text.slice(tableRe.lastIndex, end < 0 ? text.length : end);
        const bodyStartLine = lineAt(text, tableRe.lastIndex, starts);
        let constDoc: RegEntry["constDoc"];
        body.split("\n").forEach((l, i) => {
            const line = bodyStartLine + i;
            const c = /^\s*\/\/\s*@const\s+(\w+)\s+(\w+)?\s*(.*)$/.exec(l);
            if (c) { constDoc = { type: c[2] ?? "", description: (c[3] ?? "").trim() }; return; }
            if (/^\s*(\/\/|\/\*)/.test(l)) return;
            const e = /\{\s*"([^"]+)"\s*,\s*(.*?)\s*\}\s*,?/.exec(l);
            if (!e) return;
            const entry: RegEntry = { name: e[1]!, line, guard: (conditions[line - 1] ?? []).filter(cond => !tableConds.has(cond)) };
            const value = e[2]!;
            let v: RegExpExecArray | null;
            if ((v = /^ROREG_FUNC\s*\(\s*(\w+)\s*\)/.exec(value))) entry.impl = v[1]!;
            else if ((v = /^ROREG_INT\s*\((.*)\)\s*$/.exec(value))) { entry.expr = v[1]!.trim(); entry.valueKind = "int"; }
            else if ((v = /^ROREG_(?:NUM|FLOAT)\s*\((.*)\)\s*$/.exec(value))) { entry.expr = v[1]!.trim(); entry.valueKind = "number"; }
            else if ((v = /^ROREG_STR\s*\((.*)\)\s*$/.exec(value))) { entry.expr = v[1]!.trim(); entry.valueKind = "string"; }
            else if ((v = /^ROREG_BOOL\s*\((.*)\)\s*$/.exec(value))) { entry.expr = v[1]!.trim(); entry.valueKind = "bool"; }
            else if ((v = /^ROREG_PTR\s*\((.*)\)\s*$/.exec(value))) { entry.expr = v[1]!.trim(); entry.valueKind = "pointer"; }
            else if ((v = /^(?:NULL|0)\s*,\s*(.+)$/.exec(value))) { entry.expr = v[1]!.trim(); entry.valueKind = "int"; }
            else if ((v = /^(\w+)\s*(?:,.*)?$/.exec(value)) && v[1] !== "NULL") entry.impl = v[1]!;
            else return;
            if (constDoc && entry.impl === undefined) entry.constDoc = constDoc;
            constDoc = undefined;
            table.entries.push(entry);
        });
        scan.tables.set(table.name, table);
    }

    // luaopen_* and the tables they register.
    const openRe = /^[ \t]*(?:LUAMOD_API\s+|LUALIB_API\s+|static\s+)?int\s+(luaopen_\w+)\s*\(\s*lua_State\s*\*\s*\w*\s*\)\s*\{/gm;
    for (let m = openRe.exec(text); m; m = openRe.exec(text)) {
        const bodyEnd = text.indexOf("\n}", openRe.lastIndex);
        const body = text.slice(openRe.lastIndex, bodyEnd < 0 ? undefined : bodyEnd);
        let tables = registeredTables(body);
        // Some open functions delegate (`lua_cjson_new(l)`): look one call deep.
        if (tables.length === 0) {
            for (const call of body.matchAll(/\b(\w+)\s*\(\s*\w+\s*\)/g)) {
                const def = new RegExp(`^[ \\t]*(?:static\\s+)?int\\s+${call[1]}\\s*\\(\\s*lua_State\\s*\\*\\s*\\w*\\s*\\)\\s*\\{`, "m").exec(text);
                if (!def) continue;
                const end = text.indexOf("\n}", def.index);
                tables = registeredTables(text.slice(def.index, end < 0 ? undefined : end));
                if (tables.length > 0) break;
            }
        }
        scan.openers.set(m[1]!, { line: lineAt(text, m.index, starts), tables });
    }
    return scan;
}

/** Tables a function body registers (`rotable_newlib(L, reg_gpio)`), outside `//` comments. */
function registeredTables(body: string): string[] {
    const code = body.split("\n").map(l => l.replace(/\/\/.*$/, "")).join("\n");
    return [...code.matchAll(/(?:rotable2?_newlib|luat_newlib2?|luaL_newlib|luaL_setfuncs)\s*\(\s*\w+\s*,\s*(\w+)/g)].map(t => t[1]!);
}

/** The `module.member` name an `@api` line documents (`wlan.getMac`), or the method (`buff:write`). */
export function apiName(doc: FunctionDoc): string | undefined {
    if (doc.api === undefined) return undefined;
    const s = signatureOf(doc.api);
    return s.owner ? `${s.owner}${s.separator}${s.name}` : s.name;
}
