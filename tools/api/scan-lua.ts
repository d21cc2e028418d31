/**
 * Reading one LuatOS Lua library (`script/corelib/sys.lua`,
 * `script/libs/libnet.lua`): its module table, the functions and constants
 * defined on it, and the doc block above each (`--[[ @api ... ]]` or an
 * LDoc `---` run).
 */
import { parseDocBlock } from "./annotations.js";
import { maxReturnValues } from "./lua-returns.js";
import type { FunctionDoc, MemberEntry } from "./model.js";

export interface LuaFileScan {
    /** The `@module` name, else the file's base name. */
    name: string;
    summary?: string;
    line: number;
    members: Record<string, MemberEntry>;
}

export function scanLuaFile(file: string, text: string, baseName: string): LuaFileScan | undefined {
    const lines = text.replace(/\r/g, "").split("\n");
    const header = /--\[=*\[[\s\S]*?@module\s+(\S+)[\s\S]*?\]=*\]/.exec(text);
    const summary = header ? /@summary\s+([^\n]*)/.exec(header[0])?.[1]?.trim() : undefined;
    // The module table: what the file returns (`return libnet`), declared as `local libnet = {}`.
    const returned = [...text.matchAll(/^return\s+([A-Za-z_]\w*)\s*$/gm)].at(-1)?.[1];
    if (returned === undefined) return undefined;
    const t = returned.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const fnRe = new RegExp(`^function\\s+${t}([.:])(\\w+)\\s*\\(([^)]*)\\)|^${t}\\.(\\w+)\\s*=\\s*function\\s*\\(([^)]*)\\)`);
    const constRe = new RegExp(`^${t}\\.(\\w+)\\s*=\\s*(-?(?:0x[0-9a-fA-F]+|\\d+(?:\\.\\d+)?)|"[^"\\\\]*"|'[^'\\\\]*'|true|false)\\s*(?:--.*)?$`);
    const members: Record<string, MemberEntry> = {};
    const paramsOf = new Map<string, string[]>();
    // Offset of each line in the text the lines were split from.
    const normalised = text.replace(/\r/g, "");
    const lineStart: number[] = [];
    lines.reduce((offset, l) => { lineStart.push(offset); return offset + l.length + 1; }, 0);
    /** A doc that gives no result for a function whose code returns values: its results are not known. */
    const completeReturns = (doc: FunctionDoc, line: number) => {
        if (doc.returns.length > 0) return;
        const at = lines[line]!.indexOf("function");
        const most = at < 0 ? undefined : maxReturnValues(normalised, lineStart[line]! + at);
        if (most === undefined || most === 0) return;
        doc.returns = Array.from({ length: most }, (_, k) => ({ type: "any", description: k === 0 ? "(not documented; the Lua code returns values)" : "" }));
    };
    lines.forEach((l, i) => {
        const f = fnRe.exec(l);
        if (f) {
            const name = f[2] ?? f[4]!;
            const params = (f[3] ?? f[5] ?? "").split(",").map(s => s.trim()).filter(Boolean);
            const variadic = params.includes("...");
            const entry: MemberEntry = { kind: "function", file, line: i + 1 };
            const doc = docAbove(lines, i, file, params.filter(p => p !== "..."), variadic, `${returned}${f[1] ?? "."}${name}`);
            if (doc) { completeReturns(doc, i); entry.doc = doc; }
            // A method on the module table (`function m:x()`) takes the table itself first.
            if (f[1] === ":") entry.expr = "method";
            if (members[name] === undefined) paramsOf.set(name, params);
            members[name] ??= entry;
            return;
        }
        const c = constRe.exec(l);
        if (c) {
            const raw = c[2]!;
            const entry: MemberEntry = { kind: "constant", file, line: i + 1, expr: raw };
            if (raw === "true" || raw === "false") { entry.value = raw === "true"; entry.valueType = "boolean"; }
            else if (/^["']/.test(raw)) { entry.value = raw.slice(1, -1); entry.valueType = "string"; }
            else { entry.value = Number(raw); entry.valueType = "number"; }
            const above = lines[i - 1]?.trim();
            if (above?.startsWith("--")) entry.description = above.replace(/^-+\s*/, "");
            members[c[1]!] ??= entry;
        }
    });
    // A doc block naming a member with `@api` but standing elsewhere (above
    // a local twin of the function, say) documents that member too.
    const moduleName = header?.[1] ?? baseName;
    for (const b of text.matchAll(/--\[(=*)\[([\s\S]*?)\]\1\]/g)) {
        const api = /@api\s+([A-Za-z_]\w*)([.:])(\w+)/.exec(b[2]!);
        if (!api || (api[1] !== returned && api[1] !== moduleName)) continue;
        const m = members[api[3]!];
        if (m === undefined || m.kind !== "function" || m.doc) continue;
        const params = paramsOf.get(api[3]!) ?? [];
        const line = text.slice(0, b.index).split("\n").length;
        const doc = parseDocBlock(b[2]!, file, line, params.filter(p => p !== "..."), params.includes("..."), `${returned}${api[2]}${api[3]}`);
        if (doc) { completeReturns(doc, m.line - 1); m.doc = doc; }
    }
    const scan: LuaFileScan = { name: header?.[1] ?? baseName, line: header ? lines.findIndex(l => l.includes("@module")) + 1 : 1, members };
    if (summary) scan.summary = summary;
    return scan;
}

/** The doc comment right above line `index` (a `--[[ ]]` block or a run of `--` lines), if any. */
function docAbove(lines: string[], index: number, file: string, params: string[], variadic: boolean, callee: string): FunctionDoc | undefined {
    let j = index - 1;
    while (j >= 0 && lines[j]!.trim() === "") j--;
    if (j < 0) return undefined;
    const last = lines[j]!.trim();
    if (/\]=*\]\s*$/.test(last) && !last.startsWith("--[")) {
        // Block comment ending here: find its start.
        let k = j;
        while (k >= 0 && !/--\[=*\[/.test(lines[k]!)) k--;
        if (k < 0) return undefined;
        const body = lines.slice(k, j + 1).join("\n").replace(/^[\s\S]*?--\[=*\[/, "").replace(/\]=*\]\s*$/, "");
        if (/@module\s/.test(body)) return undefined;
        return parseDocBlock(body, file, k + 1, params, variadic, callee);
    }
    if (!last.startsWith("--")) return undefined;
    let k = j;
    while (k - 1 >= 0 && lines[k - 1]!.trim().startsWith("--") && !/\]=*\]\s*$/.test(lines[k - 1]!.trim())) k--;
    const body = lines.slice(k, j + 1).map(l => l.trim().replace(/^-+\s?/, "")).join("\n");
    if (!/\S/.test(body)) return undefined;
    return parseDocBlock(body, file, k + 1, params, variadic, callee);
}
