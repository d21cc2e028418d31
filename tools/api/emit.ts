/**
 * `npm run api:generate`: turns the committed API extracts
 * (`api/extract/luatos-<generation>.json`) and the hand-written overrides
 * into declarations under `types/generated/<generation>/`:
 *
 * - `<module>.d.ts`: one per module, members the overrides do not declare;
 * - `<board>.d.ts`: references to the modules that board's firmware opens;
 * - `all.d.ts`: references to every module of the generation.
 *
 * Pure and deterministic ({@link emitGeneration} works in memory), so the
 * staleness test can regenerate and compare.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../../common/user-error.js";
import { parseOptions, runIfMain } from "./cli.js";
import { decodeExtract } from "./extract.js";
import type { ApiExtract, FunctionDoc, MemberEntry, ModuleEntry, ObjectEntry, ParamDoc } from "./model.js";
import { readOverrides, type OverrideIndex } from "./overrides.js";
import { extractPath, generatedDir } from "./paths.js";

/** How a registered member got its type. */
export type MemberStatus =
    | "annotated" // from its own annotation
    | "alias" // an unannotated alias, typed like its annotated twin
    | "constant" // a constant with a known type
    | "override" // declared by a hand-written override
    | "standard" // a member of a Lua standard library, declared by lua-types
    | "inferred" // not annotated: arguments (and maybe result) from the C function's checks
    | "untyped" // no information: declared loosely
    | "inexpressible"; // a name a namespace cannot declare (`iconv.new`): not declared

export interface ModuleReport {
    /** Registered members (module table and object methods) by name (`write` for a module member, `:write` for a method). */
    members: Map<string, MemberStatus>;
}

export interface EmitResult {
    /** File text by name relative to `types/generated/<generation>/`. */
    files: Map<string, string>;
    modules: Map<string, ModuleReport>;
}

/** Lua 5.3 standard libraries: lua-types declares them; generated members there are only the LuatOS additions. */
const STANDARD: Record<string, string[]> = {
    os: ["clock", "date", "difftime", "execute", "exit", "getenv", "remove", "rename", "setlocale", "time", "tmpname"],
    io: ["close", "flush", "input", "lines", "open", "output", "popen", "read", "stderr", "stdin", "stdout", "tmpfile", "type", "write"],
    string: ["byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack", "packsize", "rep", "reverse", "sub", "unpack", "upper"],
    math: ["abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max", "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random", "randomseed", "sin", "sqrt", "tan", "tointeger", "type", "ult"],
    table: ["concat", "insert", "move", "pack", "remove", "sort", "unpack"],
};

const RESERVED = new Set(("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield").split(" "));

function isIdentifier(name: string): boolean {
    return /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name);
}

const LOOSE_FUNCTION = "(this: void, ...args: any[]) => any";

/** Context for typing: the generation's object interfaces by module. */
interface TypeContext {
    module: string;
    /** The interface of the module's objects, when it has exactly one. */
    objectType?: string;
    /** `zbuff` objects, when the generation has them. */
    zbuffType?: string;
    /** Boards whose configuration leaves out a member (by member name). */
    omittedOn?: Map<string, string[]>;
}

/** The TypeScript type of an annotation's type words. */
function typeOf(word: string, ctx: TypeContext, position: "param" | "return"): string {
    const parts = word.toLowerCase().split(/[/|]/).filter(Boolean);
    const types = new Set<string>();
    for (const p of parts) {
        switch (p) {
            case "int": case "integer": case "number": case "num": case "float": case "double": types.add("number"); break;
            case "string": case "str": case "bytes": types.add("string"); break;
            case "boolean": case "bool": types.add("boolean"); break;
            case "table": case "array": types.add("LuatTable"); break;
            case "function": case "func": case "fun": types.add(`(${LOOSE_FUNCTION})`); break;
            case "nil": case "null": case "void": types.add("undefined"); break;
            case "zbuff": types.add(ctx.zbuffType ?? "any"); break;
            case "userdata": case "lightuserdata": case "object": case "buff":
                types.add(position === "return" && ctx.objectType ? ctx.objectType : "any"); break;
            default: types.add("any");
        }
    }
    if (types.has("any") || types.size === 0) return "any";
    return [...types].join(" | ");
}

function paramName(name: string, used: Set<string>, index: number): string {
    let n = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `arg${index + 1}`;
    if (RESERVED.has(n)) n = `${n}_`;
    while (used.has(n)) n = `${n}_`;
    used.add(n);
    return n;
}

const OPTIONAL_TEXT = /可选|默认|缺省|可不填|不填|可以为空|可为空|可省略|可以不传|不传|optional|default|若为nil|为nil|nil时|可以是nil|可以为nil/i;

/**
 * The object type of a table parameter documented field by field
 * (`@int config.x`, `@table config.style`, `@int config.style.bg_color`):
 * every field optional, other keys allowed.
 */
function fieldsType(root: string, fields: ParamDoc[], ctx: TypeContext, indent: string): string {
    const direct = new Map<string, ParamDoc>();
    for (const f of fields) {
        const rest = f.name.slice(root.length + 1);
        const key = rest.split(".")[0]!;
        if (!direct.has(key) || !rest.includes(".")) direct.set(key, { ...f, name: key });
    }
    const lines = [...direct].map(([key, f]) => {
        const nested = fields.filter(x => x.name.startsWith(`${root}.${key}.`));
        const type = nested.length > 0 ? fieldsType(`${root}.${key}`, nested, ctx, indent + "    ") : typeOf(f.type, ctx, "param");
        const doc = f.description ? `/** ${esc(f.description).replace(/\s*\n\s*/g, " ")} */ ` : "";
        return `${indent}    ${doc}${isIdentifier(key) ? key : JSON.stringify(key)}?: ${type};`;
    });
    return `{\n${lines.join("\n")}\n${indent}    [key: string]: any;\n${indent}}`;
}

/** The parameter list of a documented function. */
function paramsOf(doc: FunctionDoc, ctx: TypeContext, indent = "    "): string {
    const used = new Set<string>();
    const positional = doc.params.filter(p => !p.name.includes("."));
    const fewest = doc.usageCalls?.fewest ?? positional.length;
    const nils = new Set(doc.usageCalls?.nils ?? []);
    let optional = false;
    const out = positional.map((p, i) => {
        if (p.type === "...") return undefined;
        const fields = doc.params.filter(f => f.name.startsWith(`${p.name}.`));
        const type = fields.length > 0 ? fieldsType(p.name, fields, ctx, indent) : typeOf(p.type, ctx, "param");
        if (i >= fewest || OPTIONAL_TEXT.test(p.description) || /\bnil\b/i.test(p.type)) optional = true;
        const name = paramName(p.name, used, i);
        const nilable = nils.has(i) && !optional && type !== "any" ? " | undefined" : "";
        return `${name}${optional ? "?" : ""}: ${type}${nilable}`;
    }).filter((p): p is string => p !== undefined);
    if (doc.variadic || doc.params.some(p => p.type === "...")) out.push(`...${paramName("args", used, out.length)}: any[]`);
    return out.join(", ");
}

function returnsOf(doc: FunctionDoc, ctx: TypeContext): string {
    const r = doc.returns.filter(x => !(x.type === "nil" && doc.returns.length === 1));
    if (r.length === 0) return "void";
    const types = r.map(x => typeOf(x.type, ctx, "return"));
    if (types.length === 1) return types[0]!;
    return `LuaMultiReturn<[${types.join(", ")}]>`;
}

/** Source text made safe inside a JSDoc comment: no comment end, no line read as a tag. */
function esc(text: string): string {
    return text.replace(/\*\//g, "*\\/").replace(/^(\s*)@/gm, "$1\\@");
}

/** A JSDoc comment of lines (already escaped where they come from the sources). */
function jsdoc(lines: string[], indent: string): string {
    const body = lines.flatMap(l => l.replace(/\*\//g, "*\\/").split("\n")).map(l => l.trimEnd());
    while (body.length > 0 && body.at(-1) === "") body.pop();
    if (body.length === 0) return "";
    return `${indent}/**\n${body.map(l => `${indent} *${l ? " " + l : ""}`).join("\n")}\n${indent} */\n`;
}

function guardNote(m: MemberEntry, omittedOn: string[] = []): string[] {
    const joined = m.guard?.map(g => (m.guard!.length > 1 && /[|&]/.test(g) ? `(${g})` : g)).join(" && ");
    if (!joined) return [];
    const boards = omittedOn.length > 0 ? ` Not in the ${omittedOn.join(", ")} firmware, whose configuration leaves it out.` : "";
    return [`Only in firmware built with \`${joined}\`.${boards}`];
}

function sourceNote(file: string, line: number): string {
    return `Source: \`${file}:${line}\``;
}

function functionDocLines(doc: FunctionDoc, memberFile: string, m: MemberEntry, omittedOn: string[] = []): string[] {
    const lines: string[] = [];
    if (doc.description) lines.push(esc(doc.description), "");
    lines.push(...guardNote(m, omittedOn));
    lines.push(sourceNote(doc.file ?? memberFile, doc.line));
    for (const p of doc.params) if (p.type !== "..." && p.description && !p.name.includes(".")) lines.push(`@param ${/^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : "arg"} ${esc(p.description)}`);
    if (doc.returns.length === 1 && doc.returns[0]!.description) lines.push(`@returns ${esc(doc.returns[0]!.description)}`);
    if (doc.returns.length > 1) lines.push(`@returns ${doc.returns.map((r, i) => esc(`(${i + 1}) ${r.type} ${r.description}`.trim())).join("; ")}`);
    if (doc.usage) lines.push("@example", esc(doc.usage));
    return lines;
}

function literalType(m: MemberEntry): string | undefined {
    if (m.value === undefined) return undefined;
    if (typeof m.value === "number") return Number.isFinite(m.value) ? String(m.value) : undefined;
    return JSON.stringify(m.value);
}

interface MemberOut { text: string; status: MemberStatus }

/**
 * How a member is declared: `namespace` (`function x(this: void, ...)`,
 * `const X`), `method` (an object's method, called with `:`), or
 * `property` (a member of a module declared as an object type, for names a
 * namespace cannot hold: `"new"(this: void, ...)`).
 */
type DeclMode = "namespace" | "method" | "property";

/** Declaration of one member. */
function memberDecl(name: string, m: MemberEntry, all: Record<string, MemberEntry>, file: string, ctx: TypeContext, owner: string, mode: DeclMode, indent: string): MemberOut {
    // `new` unquoted in an object type would be a construct signature.
    const key = mode !== "property" || isIdentifier(name) ? name : JSON.stringify(name);
    if (m.kind === "constant") {
        const t = literalType(m) ?? (m.valueType === "number" ? "number" : m.valueType === "string" ? "string" : m.valueType === "boolean" ? "boolean" : m.valueType === "userdata" ? "LuaUserdata" : "any");
        const unknownValue = m.value === undefined && m.valueType === "number" && m.expr !== undefined
            ? [`Its value (\`${esc(m.expr)}\`) is not in the LuatOS sources, or they define it differently for different builds.`] : [];
        const lines = [...(m.description ? [esc(m.description)] : []), ...unknownValue, ...guardNote(m, ctx.omittedOn?.get(name)), sourceNote(m.file ?? file, m.line)];
        const decl = mode === "namespace" ? `const ${key}: ${t};` : `readonly ${key}: ${t};`;
        return { text: jsdoc(lines, indent) + indent + decl + "\n", status: m.valueType === "unknown" ? "untyped" : "constant" };
    }
    let doc = m.doc;
    let status: MemberStatus = doc ? "annotated" : "untyped";
    const extra: string[] = [];
    const sep = mode === "method" ? ":" : ".";
    if (!doc && m.aliasOf !== undefined && all[m.aliasOf]?.doc) {
        doc = all[m.aliasOf]!.doc;
        status = "alias";
        extra.push(`Alias of \`${owner}${sep}${m.aliasOf}\` (same C function \`${m.impl}\`).`, "");
    }
    const thisParam = mode === "method" ? "" : "this: void";
    const signature = (params: string, ret: string) => {
        const list = [thisParam, params].filter(Boolean).join(", ");
        return mode === "namespace" ? `function ${key}(${list}): ${ret};` : `${key}(${list}): ${ret};`;
    };
    if (!doc && m.inferred) {
        const inf = m.inferred;
        const used = new Set<string>();
        const params = inf.params.map((p, i) => {
            const optional = p.endsWith("?");
            const type = typeOf(p.replace(/\?$/, "").replace(/userdata/g, "any"), ctx, "param");
            return `${paramName(`arg${i + 1}`, used, i)}${optional ? "?" : ""}: ${type}`;
        });
        if (inf.rest) params.push(`...${paramName("args", used, params.length)}: any[]`);
        const ret = inf.returns === undefined ? "any" : inf.returns === "" ? "void" : typeOf(inf.returns.replace(/userdata/g, "any"), ctx, "return");
        const lines = [
            (inf.params.length === 0 && !inf.rest
                ? `Not annotated in the sources: its C function \`${m.impl}\` reads no argument`
                : `Not annotated in the sources: the parameters are those its C function \`${m.impl}\` checks`) +
                (inf.returns === undefined ? "; the results are not known." : "; the result is what it pushes."),
            ...guardNote(m, ctx.omittedOn?.get(name)), sourceNote(m.file ?? file, m.line),
        ];
        return { text: jsdoc(lines, indent) + indent + signature(params.join(", "), ret) + "\n", status: "inferred" };
    }
    if (!doc) {
        const lines = [`Registered by the firmware but not annotated: its parameters and results are not known.`, ...guardNote(m, ctx.omittedOn?.get(name)), sourceNote(m.file ?? file, m.line)];
        return { text: jsdoc(lines, indent) + indent + signature("...args: any[]", "any") + "\n", status };
    }
    const params = paramsOf(doc, ctx, indent);
    return { text: jsdoc([...extra, ...functionDocLines(doc, m.file ?? file, m, ctx.omittedOn?.get(name))], indent) + indent + signature(params, returnsOf(doc, ctx)) + "\n", status };
}

function pascal(name: string): string {
    return name.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * The interface name of an object table: the hand-written interface of the
 * module that declares at least half of its methods (the 2021
 * `socket.Netclient`), else `zbuff.ZBuff` for zbuff objects, else
 * `<module>.<Receiver>Object`.
 */
export function objectInterfaceName(moduleName: string, obj: ObjectEntry, overrides?: OverrideIndex): string {
    const methods = Object.keys(obj.members);
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, declared] of overrides?.members ?? []) {
        if (!key.startsWith(`${moduleName}.`)) continue;
        const count = methods.filter(m => declared.has(m)).length;
        if (count > bestCount) { best = key.slice(moduleName.length + 1); bestCount = count; }
    }
    if (best !== undefined && bestCount * 2 >= methods.length) return best;
    if (moduleName === "zbuff") return "ZBuff";
    return `${pascal(obj.receiver ?? moduleName)}Object`;
}

function header(extract: ApiExtract, what: string): string {
    return `// Generated by tools/api/emit.ts from api/extract/luatos-${extract.generation}.json (LuatOS ${extract.source.commit.slice(0, 9)}): ${what}.\n` +
        `// Do not edit: change the extract (npm run api:extract) or an override, then run npm run api:generate.\n`;
}

function emitModule(name: string, mod: ModuleEntry, extract: ApiExtract, overrides: OverrideIndex): { text?: string; report: ModuleReport } {
    const report: ModuleReport = { members: new Map() };
    const declared = overrides.members.get(name) ?? new Set<string>();
    const whole = overrides.wholeModules.has(name);
    const standard = new Set(STANDARD[name] ?? []);
    const objects = Object.entries(mod.objects ?? {});
    const ctx: TypeContext = { module: name, omittedOn: new Map() };
    for (const [board, b] of Object.entries(extract.boards)) {
        for (const member of b.omittedMembers[name] ?? []) ctx.omittedOn!.set(member, [...(ctx.omittedOn!.get(member) ?? []), board]);
    }
    if (objects.length === 1) ctx.objectType = `${name}.${objectInterfaceName(name, objects[0]![1], overrides)}`;
    if (extract.modules.zbuff?.objects) ctx.zbuffType = "zbuff.ZBuff";
    const isLuaModule = mod.kind === "lua" && !mod.global;
    const indent = "    ";
    // A C module with a member a namespace cannot declare (`libcoap.new`) is
    // declared as a constant of an object type instead, when no override
    // declares the namespace (they could not merge).
    const objectForm = !isLuaModule && !whole && !overrides.members.has(name) && standard.size === 0 &&
        Object.keys(mod.members).some(k => !isIdentifier(k));
    const mode: DeclMode = objectForm ? "property" : "namespace";
    const memberIndent = indent;
    let body = "";
    let typesBody = "";
    const luaExports: string[] = [];
    for (const [member, m] of Object.entries(mod.members)) {
        if (whole || declared.has(member)) { report.members.set(member, "override"); continue; }
        if (standard.has(member)) { report.members.set(member, "standard"); continue; }
        if (!isIdentifier(member)) {
            if (objectForm || (isLuaModule && /^[A-Za-z_$][\w$]*$/.test(member))) {
                // Declared under a private name and exported as the real one.
                const out = memberDecl(objectForm ? member : `_${member}`, m, mod.members, mod.file, ctx, name, mode, memberIndent);
                report.members.set(member, out.status);
                body += out.text;
                if (!objectForm) luaExports.push(`_${member} as ${member}`);
                continue;
            }
            report.members.set(member, "inexpressible");
            continue;
        }
        const out = memberDecl(member, m, mod.members, mod.file, ctx, name, mode, memberIndent);
        report.members.set(member, out.status);
        body += (isLuaModule ? out.text.replace(/^( {4})(function|const) /m, "$1export $2 ") : out.text);
    }
    if (luaExports.length > 0) body += `${indent}export { ${luaExports.join(", ")} };\n`;
    for (const [, obj] of objects) {
        const iface = objectInterfaceName(name, obj, overrides);
        const ifaceDeclared = overrides.members.get(`${name}.${iface}`) ?? new Set<string>();
        let members = "";
        for (const [member, m] of Object.entries(obj.members)) {
            const k = `:${member}`;
            if (whole || ifaceDeclared.has(member)) { report.members.set(k, "override"); continue; }
            if (!/^[A-Za-z_$][\w$]*$/.test(member)) { report.members.set(k, "inexpressible"); continue; }
            const out = memberDecl(member, m, obj.members, obj.file, ctx, obj.receiver ?? iface, "method", indent + indent);
            report.members.set(k, out.status);
            members += out.text;
        }
        if (!declared.has(iface) || members) {
            const doc = jsdoc([`Objects of \`${name}\`: methods registered in the table \`${obj.table}\`, called with \`:\`.`, sourceNote(obj.file, obj.line)], indent);
            const text = `${doc}${indent}${isLuaModule ? "export " : ""}interface ${iface} {\n${members}${indent}}\n`;
            if (objectForm) typesBody += text; else body += text;
        }
    }
    if (whole || !body) return { report };
    const notes = [
        ...(mod.summary ? [esc(mod.summary)] : []),
        ...(mod.tag ? [`Enabled by \`${mod.tag}\`.`] : []),
        ...(isLuaModule ? [`A Lua library: \`import * as ${isIdentifier(name) ? name : "lib"} from "${name}"\` compiles to \`require("${name}")\`.`] : []),
        sourceNote(mod.file, mod.line),
    ];
    let text = header(extract, `module ${name}`) + "\n";
    if (objectForm) {
        // The namespace holds only types, so it does not clash with the constant.
        if (typesBody) text += `declare namespace ${name} {\n${typesBody}}\n`;
        text += jsdoc(notes, "") + `declare const ${name}: {\n${body}};\n`;
    } else {
        const opening = isLuaModule ? `declare module ${JSON.stringify(name)} {\n` : `declare namespace ${name} {\n`;
        text += jsdoc(notes, "") + opening + body + "}\n";
    }
    return { text, report };
}

/** Generates the declaration files of one generation in memory. */
export function emitGeneration(extract: ApiExtract, overrides: OverrideIndex): EmitResult {
    const files = new Map<string, string>();
    const modules = new Map<string, ModuleReport>();
    const emitted: string[] = [];
    for (const [name, mod] of Object.entries(extract.modules)) {
        if (!isIdentifier(name) && !(mod.kind === "lua" && !mod.global)) continue;
        const { text, report } = emitModule(name, mod, extract, overrides);
        modules.set(name, report);
        if (text !== undefined) { files.set(`${name}.d.ts`, text); emitted.push(name); }
    }
    const refs = (names: string[]) => `/// <reference path="../../overrides/support.d.ts" />\n` +
        names.filter(n => emitted.includes(n)).map(n => `/// <reference path="./${n}.d.ts" />\n`).join("");
    files.set("all.d.ts", header(extract, "every module of the generation") + refs(emitted));
    for (const [board, b] of Object.entries(extract.boards)) {
        // The hand-written declarations of the board's modules, and those declaring no module of
        // the extract (shared globals and types); not an index.d.ts (it references every file).
        const own = overrides.files.filter(f => {
            const names = [...overrides.fileModules.get(f) ?? []];
            return !f.endsWith("/index.d.ts") && (names.some(n => b.modules.includes(n)) || !names.some(n => extract.modules[n] !== undefined));
        });
        const overrideRefs = own.map(f => `/// <reference path="${path.posix.relative(`types/generated/${extract.generation}`, f)}" />\n`).join("");
        files.set(`${board}.d.ts`, header(extract, `the modules the ${board} firmware opens (${b.sources.join(", ")}), with their hand-written declarations`) + refs(b.modules) + overrideRefs);
    }
    files.set("modules.json", moduleIndex(extract));
    return { files: new Map([...files].sort(([a], [b]) => a.localeCompare(b))), modules };
}

/**
 * `modules.json`: the generation's modules (C or Lua, their functions and
 * constants with the values the sources give: `values` for numbers, strings
 * and booleans, `pointers` and `nulls` for light userdata), each board's
 * module list and the members its configuration leaves out, as data the toolkit reads at
 * build and run time (the extract itself does not ship): the build types
 * and checks a firmware against its board's modules and names the APIs
 * one generation lacks, the simulator stands in for the C modules it does
 * not emulate (image/board-modules.ts).
 */
function moduleIndex(extract: ApiExtract): string {
    const modules = Object.fromEntries(
        Object.entries(extract.modules).map(([name, mod]) => {
            const constants = Object.entries(mod.members).filter(([, m]) => m.kind === "constant").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
            const values = constants.filter(([, m]) => m.value !== undefined && (typeof m.value !== "number" || Number.isFinite(m.value)));
            const pointers = constants.filter(([, m]) => m.valueType === "userdata");
            const isNull = (m: MemberEntry) => /^\(?\s*(?:\(\s*void\s*\*\s*\)\s*)?(?:NULL|0)\s*\)?$/.test(m.expr ?? "");
            return [
                name,
                {
                    kind: mod.kind,
                    functions: Object.keys(mod.members).filter(m => mod.members[m]!.kind === "function").sort(),
                    ...(constants.length > 0 ? { constants: constants.map(([k]) => k) } : {}),
                    ...(values.length > 0 ? { values: Object.fromEntries(values.map(([k, m]) => [k, m.value!])) } : {}),
                    ...(pointers.some(([, m]) => !isNull(m)) ? { pointers: pointers.filter(([, m]) => !isNull(m)).map(([k]) => k) } : {}),
                    ...(pointers.some(([, m]) => isNull(m)) ? { nulls: pointers.filter(([, m]) => isNull(m)).map(([k]) => k) } : {}),
                },
            ];
        }),
    );
    const boards = Object.fromEntries(Object.entries(extract.boards).map(([board, b]) => [board, [...b.modules].sort()]));
    const omittedMembers = Object.fromEntries(Object.entries(extract.boards).filter(([, b]) => Object.keys(b.omittedMembers).length > 0).map(([board, b]) => [board, b.omittedMembers]));
    const note = `Generated by tools/api/emit.ts from api/extract/luatos-${extract.generation}.json: every module of the generation, and the modules each board's firmware opens.`;
    return JSON.stringify({ "//": note, generation: extract.generation, modules, boards, omittedMembers }, null, 1) + "\n";
}

/** Reads a committed extract. */
export function readExtract(generation: string): ApiExtract {
    const file = extractPath(generation);
    if (!fs.existsSync(file)) throw new UserError(`no extract for generation "${generation}" (${path.relative(process.cwd(), file)}); run npm run api:extract`);
    return decodeExtract(JSON.parse(fs.readFileSync(file, "utf8")));
}

/** The generations with a committed extract. */
export function committedGenerations(): string[] {
    const dir = path.dirname(extractPath("x"));
    return fs.readdirSync(dir).map(f => /^luatos-(.+)\.json$/.exec(f)?.[1]).filter((g): g is string => g !== undefined).sort();
}

function main(argv: string[]): void {
    parseOptions(argv, {});
    for (const generation of committedGenerations()) {
        const result = emitGeneration(readExtract(generation), readOverrides(generation));
        const dir = generatedDir(generation);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        for (const [name, text] of result.files) fs.writeFileSync(path.join(dir, name), text);
        process.stdout.write(`types/generated/${generation}: ${result.files.size} files\n`);
    }
}

runIfMain(import.meta.url, "api:generate", main);
