/**
 * `npm run api:extract -- --luatos <git dir> [--commit <c>] [--generation 2021|current]`
 *
 * Reads the LuatOS sources of one generation from a git directory (no work
 * tree needed) and writes the API extract `api/extract/luatos-<generation>.json`:
 * modules and their registered members, the annotations as documentation,
 * and the modules each board's firmware opens. Deterministic: sorted keys,
 * no timestamps beyond the commit's date.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../../common/user-error.js";
import { signatureOf } from "./annotations.js";
import { ConstantScope, SymbolTable } from "./c-constants.js";
import { conditionsByLine, definesOf, evaluateCondition } from "./cpp.js";
import { GENERATIONS, type BoardSource, type GenerationSource } from "./generations.js";
import { GitTree } from "./git.js";
import { parseOptions, runIfMain } from "./cli.js";
import { extractPath } from "./paths.js";
import { inferSignatures } from "./infer-c.js";
import type { ApiExtract, BoardEntry, FunctionDoc, InferredSignature, MemberEntry, ModuleEntry, ObjectEntry, ParamDoc, ReturnDoc } from "./model.js";
import { apiName, scanCFile, type CFileScan, type RegEntry } from "./scan-c.js";
import { scanLuaFile } from "./scan-lua.js";


/** The `{"name", luaopen_x}` entries of a board's `loadedlibs` table, with their conditions. */
function libraryTable(text: string): { name: string; opener: string; conditions: string[] }[] {
    const conditions = conditionsByLine(text);
    const start = text.search(/luaL_Reg\s+loadedlibs\s*\[\s*\]\s*=\s*\{/);
    if (start < 0) return [];
    const startLine = text.slice(0, start).split("\n").length - 1;
    const end = text.indexOf("};", start);
    const out: { name: string; opener: string; conditions: string[] }[] = [];
    text.slice(start, end).split("\n").forEach((l, i) => {
        if (/^\s*\/\//.test(l)) return;
        const m = /\{\s*"(\w+)"\s*,\s*(luaopen_\w+)\s*\}/.exec(l);
        if (m && m[1] !== "_G") out.push({ name: m[1]!, opener: m[2]!, conditions: conditions[startLine + i] ?? [] });
    });
    return out;
}

/** Every `#define` and `enum` member of the headers of the C folders. */
function headerSymbols(tree: GitTree, folders: string[]): SymbolTable {
    const table = new SymbolTable();
    const headers = tree.list(folders).filter(f => f.endsWith(".h"));
    for (const [file, text] of tree.read(headers)) table.add(text, file);
    return table;
}

/** A floating-point literal (`ROREG_NUM(3.14)`). */
function floatLiteral(expr: string): number | undefined {
    const e = expr.trim().replace(/^\((.*)\)$/, "$1").trim();
    return /^-?\d+\.\d*(?:[eE][-+]?\d+)?[fF]?$/.test(e) ? parseFloat(e) : undefined;
}

/** The value of an integer constant, when it is known and fits a Lua integer of every build (64-bit safe). */
function integerOf(expr: string, scope: ConstantScope): number | undefined {
    const v = scope.evaluate(expr);
    return v !== undefined && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}

function constantOf(entry: RegEntry, file: string, scope: ConstantScope): MemberEntry {
    const m: MemberEntry = { kind: "constant", file, line: entry.line, expr: entry.expr! };
    if (entry.valueKind === "string") {
        m.valueType = "string";
        const s = /^"((?:[^"\\]|\\.)*)"$/.exec(entry.expr!.trim());
        if (s) m.value = s[1]!;
    } else if (entry.valueKind === "bool") {
        m.valueType = "boolean";
        if (/^(1|true)$/.test(entry.expr!.trim())) m.value = true;
        else if (/^(0|false)$/.test(entry.expr!.trim())) m.value = false;
    } else if (entry.valueKind === "pointer") {
        m.valueType = "userdata";
    } else {
        m.valueType = "number";
        const v = entry.valueKind === "number" ? (floatLiteral(entry.expr!) ?? integerOf(entry.expr!, scope)) : integerOf(entry.expr!, scope);
        if (v !== undefined) m.value = v;
    }
    if (entry.constDoc) m.description = entry.constDoc.description;
    if (entry.guard.length > 0) m.guard = entry.guard;
    return m;
}

/** Members of registration tables, with docs attached by C function and aliases marked. */
function membersOf(entries: RegEntry[], scan: CFileScan, owner: string, separator: "." | ":", scope: ConstantScope): Record<string, MemberEntry> {
    const members: Record<string, MemberEntry> = {};
    const byApi = new Map(scan.docs.map(d => [apiName(d), d]));
    const methodDocs = new Map(scan.docs.filter(d => d.api !== undefined && signatureOf(d.api).separator === ":").map(d => [signatureOf(d.api!).name, d]));
    const primaryOfImpl = new Map<string, string>();
    // The primary of a C function is the member its @api line names; the others are aliases.
    for (const e of entries) {
        if (e.impl === undefined) continue;
        const doc = scan.docsByImpl.get(e.impl);
        if (doc?.api !== undefined && signatureOf(doc.api).name === e.name) primaryOfImpl.set(e.impl, e.name);
    }
    for (const e of entries) {
        if (members[e.name] !== undefined) continue;
        if (e.impl === undefined) { members[e.name] = constantOf(e, scan.file, scope); continue; }
        const m: MemberEntry = { kind: "function", file: scan.file, line: e.line, impl: e.impl };
        if (e.guard.length > 0) m.guard = e.guard;
        const primary = primaryOfImpl.get(e.impl) ?? entries.find(x => x.impl === e.impl)!.name;
        const doc = scan.docsByImpl.get(e.impl) ?? byApi.get(`${owner}${separator}${e.name}`) ?? (separator === ":" ? methodDocs.get(e.name) : undefined) ?? templateDoc(scan, e.name);
        if (primary !== e.name && scan.docsByImpl.has(e.impl)) m.aliasOf = primary;
        else if (doc) { m.doc = doc; delete m.impl; }
        members[e.name] = m;
    }
    return members;
}

/**
 * A doc written for a family of members (`@api buff:read类型()` documents
 * `readI8`, `readU32`...): its name is an ASCII prefix followed by a
 * placeholder in another script.
 */
function templateDoc(scan: CFileScan, member: string): FunctionDoc | undefined {
    for (const d of scan.docs) {
        if (d.api === undefined) continue;
        const m = /[.:]([A-Za-z_]\w*)[^\x00-\x7f]/.exec(d.api);
        if (m && member.startsWith(m[1]!) && /^[A-Z0-9]/.test(member.slice(m[1]!.length))) return d;
    }
    return undefined;
}

/**
 * Completes unannotated C function members from other files: the doc block
 * of the same C function (or of the same `module.member`) elsewhere, else
 * the signature its body shows (`inferred`).
 */
function completeFromOtherFiles(tree: GitTree, source: GenerationSource, modules: Record<string, ModuleEntry>, scans: CFileScan[]): void {
    const wanting: { module?: string; name: string; member: MemberEntry }[] = [];
    for (const [moduleName, mod] of Object.entries(modules)) {
        const tables: [string | undefined, Record<string, MemberEntry>][] = [[moduleName, mod.members], ...Object.values(mod.objects ?? {}).map(o => [undefined, o.members] as [undefined, Record<string, MemberEntry>])];
        for (const [owner, members] of tables) {
            for (const [name, m] of Object.entries(members)) {
                const twinDoc = m.aliasOf !== undefined ? members[m.aliasOf]?.doc : undefined;
                if (m.kind === "function" && m.impl !== undefined && !m.doc && !twinDoc) wanting.push({ module: owner, name, member: m });
            }
        }
    }
    const docs = new Map<string, FunctionDoc>();
    const docsByApi = new Map<string, FunctionDoc>();
    const signatures = new Map<string, InferredSignature>();
    const learn = (scan: CFileScan) => {
        for (const [k, v] of scan.docsByImpl) if (!docs.has(k)) docs.set(k, v);
        for (const d of scan.docs) { const a = apiName(d); if (a !== undefined && !docsByApi.has(a)) docsByApi.set(a, d); }
        for (const [k, v] of scan.signatures) if (!signatures.has(k)) signatures.set(k, v);
    };
    scans.forEach(learn);
    const missing = [...new Set(wanting.map(w => w.member.impl!).filter(i => !signatures.has(i) && !docs.has(i)))].sort();
    // Look for the other definitions in batches (one git grep per batch).
    const seen = new Set(scans.map(x => x.file));
    for (let i = 0; i < missing.length; i += 150) {
        const batch = missing.slice(i, i + 150);
        const files = tree.grepFiles(`int\\s+(${batch.join("|")})\\s*\\(\\s*lua_State`, source.cFolders.map(f => `${f}/*.c`)).filter(f => !seen.has(f));
        for (const [file, text] of tree.read(files)) { seen.add(file); learn(scanCFile(file, text)); }
    }
    for (const { module, name, member } of wanting) {
        const doc = docs.get(member.impl!) ?? (module !== undefined ? docsByApi.get(`${module}.${name}`) : undefined);
        if (doc) { member.doc = doc; continue; }
        const sig = signatures.get(member.impl!);
        if (sig) member.inferred = sig;
    }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.keys(record).sort().map(k => [k, record[k]!]));
}

/**
 * Builds the extract of one generation from a git tree.
 *
 * @param bspTrees the BSP repositories some boards are read from, by name.
 * @param keptBoards board entries of the extract being refreshed: a board
 *   whose BSP repository is not given keeps its entry from there.
 */
export function extractApi(
    tree: GitTree,
    generation: string,
    source: GenerationSource,
    bspTrees: ReadonlyMap<string, GitTree> = new Map(),
    keptBoards: Readonly<Record<string, BoardEntry>> = {},
): ApiExtract {
    // The tree each board's files are read from, and how its files are named in the extract.
    const boardTree = (board: string, b: BoardSource): { tree: GitTree; prefix: string } => {
        if (b.bsp === undefined) return { tree, prefix: "" };
        const t = bspTrees.get(b.bsp.repository);
        if (t === undefined) throw new UserError(`board ${board} is read from ${b.bsp.repository}: pass --bsp ${b.bsp.repository}=<its git directory>`);
        return { tree: t, prefix: `${b.bsp.repository}:` };
    };
    // Boards read from a BSP repository that was not given keep their committed entry.
    const kept = (board: string, b: BoardSource): boolean => b.bsp !== undefined && !bspTrees.has(b.bsp.repository) && keptBoards[board] !== undefined;
    const global = headerSymbols(tree, source.cFolders);
    const cFiles = tree.grepFiles("luaopen_\\w+\\s*\\(\\s*lua_State", source.cFolders.map(f => `${f}/*.c`));
    const texts = tree.read(cFiles);
    const scans = [...texts].map(([file, text]) => scanCFile(file, text));
    const scopes = new Map([...texts].map(([file, text]) => [file, new ConstantScope(global, file, text)]));

    // Board library tables give the Lua names of the open functions.
    const boardTables = new Map<string, { name: string; opener: string; conditions: string[] }[]>();
    const nameOfOpener = new Map<string, string>();
    for (const [board, b] of Object.entries(source.boards)) {
        if (kept(board, b)) continue;
        const bt = boardTree(board, b).tree;
        const text = bt.readOne(b.libraryTable);
        if (text === undefined) throw new UserError(`${b.libraryTable} is missing at ${bt.commit}`);
        const table = libraryTable(text);
        boardTables.set(board, table);
        for (const e of table) if (!nameOfOpener.has(e.opener)) nameOfOpener.set(e.opener, e.name);
    }

    const modules: Record<string, ModuleEntry> = {};
    const openerOfModule = new Map<string, string>();
    for (const scan of scans) {
        const claimed = new Set<string>();
        for (const [opener, o] of scan.openers) {
            if (o.tables.length === 0) continue;
            const name = nameOfOpener.get(opener) ?? (scan.openers.size === 1 && scan.header ? scan.header.name : opener.replace(/^luaopen_/, ""));
            const entries = o.tables.flatMap(t => scan.tables.get(t)?.entries ?? []);
            if (entries.length === 0) continue;
            o.tables.forEach(t => claimed.add(t));
            const members = membersOf(entries, scan, name, ".", scopes.get(scan.file)!);
            const existing = modules[name];
            if (existing) {
                // The same module in another file (a second implementation): add what it has more.
                for (const [k, v] of Object.entries(members)) existing.members[k] ??= v;
                existing.members = sortKeys(existing.members);
                continue;
            }
            const mod: ModuleEntry = { kind: "c", file: scan.file, line: o.line, opener, members: sortKeys(members) };
            if (scan.header?.summary) mod.summary = scan.header.summary;
            if (scan.header?.tag) mod.tag = scan.header.tag;
            modules[name] = mod;
            openerOfModule.set(name, opener);
        }
        // Other tables of the file hold methods of the module's objects.
        const owner = [...scan.openers.keys()].map(o => nameOfOpener.get(o) ?? (scan.header?.name ?? o.replace(/^luaopen_/, ""))).find(n => modules[n]?.file === scan.file);
        if (owner === undefined) continue;
        const objects: Record<string, ObjectEntry> = {};
        for (const [tname, t] of scan.tables) {
            // Skip tables that are not methods: constants only, or a list of libraries (`luaopen_*`).
            if (claimed.has(tname) || t.entries.every(e => e.impl === undefined) || t.entries.some(e => e.impl?.startsWith("luaopen_"))) continue;
            const receiver = scan.docs.map(d => d.api !== undefined ? signatureOf(d.api) : undefined)
                .find(s => s?.separator === ":" && t.entries.some(e => e.name === s.name))?.owner;
            const members = membersOf(t.entries.filter(e => e.impl !== undefined && !e.name.startsWith("__")), scan, receiver ?? "", ":", scopes.get(scan.file)!);
            if (Object.keys(members).length === 0) continue;
            const obj: ObjectEntry = { table: tname, file: scan.file, line: t.line, members: sortKeys(members) };
            if (receiver) obj.receiver = receiver;
            objects[tname] = obj;
        }
        if (Object.keys(objects).length > 0) modules[owner]!.objects = sortKeys(objects);
    }

    // Unannotated C functions: docs kept in other files, else what their bodies show.
    completeFromOtherFiles(tree, source, modules, scans);

    // Lua libraries.
    const luaFiles = tree.list(source.luaFolders).filter(f => f.endsWith(".lua"));
    for (const [file, text] of [...tree.read(luaFiles)].sort(([a], [b]) => a.localeCompare(b))) {
        const base = path.posix.basename(file, ".lua");
        const scan = scanLuaFile(file, text, base);
        if (!scan) continue;
        if (modules[base] !== undefined) {
            process.stderr.write(`skipped ${file}: "${base}" is also a C module\n`);
            continue;
        }
        const mod: ModuleEntry = { kind: "lua", file, line: scan.line, members: sortKeys(scan.members) };
        if (source.luaGlobals.includes(base)) mod.global = true;
        if (scan.summary) mod.summary = scan.summary;
        modules[base] = mod;
    }

    // Boards: the modules their library table opens under their configuration.
    const boards: Record<string, BoardEntry> = {};
    for (const [board, b] of Object.entries(source.boards)) {
        if (kept(board, b)) {
            boards[board] = keptBoards[board]!;
            continue;
        }
        const { tree: bt, prefix } = boardTree(board, b);
        const defines = new Map<string, string>((b.buildDefines ?? []).map(d => [d, "1"]));
        for (const header of b.config) {
            const configText = bt.readOne(header);
            if (configText === undefined) throw new UserError(`${header} is missing at ${bt.commit}`);
            for (const [k, v] of definesOf(configText)) defines.set(k, v);
        }
        const names = new Set<string>();
        for (const e of boardTables.get(board)!) {
            if (e.conditions.every(c => evaluateCondition(c, defines)) && modules[e.name] !== undefined) names.add(e.name);
        }
        for (const [name, m] of Object.entries(modules)) if (m.kind === "lua") names.add(name);
        const omitted: Record<string, string[]> = {};
        for (const name of names) {
            const all = Object.entries(modules[name]!.members);
            const out = all.filter(([, m]) => m.guard !== undefined && !m.guard.every(c => evaluateCondition(c, defines))).map(([k]) => k);
            if (out.length > 0) omitted[name] = out.sort();
        }
        const at = b.bsp !== undefined ? ` (${b.bsp.repository} at ${bt.commit.slice(0, 9)}, ${bt.date.slice(0, 10)})` : "";
        boards[board] = {
            sources: [...b.config, b.libraryTable].map(f => prefix + f),
            method: `modules of the loadedlibs table in ${b.libraryTable} whose #if conditions hold with the #defines of ${[...b.config, ...(b.buildDefines ?? []).length > 0 ? [`the build (${b.buildDefines!.join(", ")})`] : []].join(" and ")}${at}, plus the Lua libraries; members whose own #if is false are omitted`,
            modules: [...names].sort(),
            omittedMembers: sortKeys(omitted),
        };
    }

    const extract: ApiExtract = {
        format: 1,
        generation,
        source: { repository: "openLuat/LuatOS", commit: tree.commit, date: tree.date },
        boards: sortKeys(boards),
        modules: sortKeys(modules),
    };
    elideFiles(extract);
    return extract;
}

/** Drops the file names that repeat their container's (members in the module's file, docs in the member's). */
function elideFiles(extract: ApiExtract): void {
    const tidy = (members: Record<string, MemberEntry>, file: string) => {
        for (const m of Object.values(members)) {
            const own = m.file ?? file;
            if (m.doc?.file === own) delete m.doc.file;
            if (m.file === file) delete m.file;
        }
    };
    for (const mod of Object.values(extract.modules)) {
        tidy(mod.members, mod.file);
        for (const o of Object.values(mod.objects ?? {})) tidy(o.members, o.file);
    }
}

/**
 * On disk, parameters are `[name, type, description]`, results `[type,
 * description]`, and a constant without `valueType` is a number (see
 * {@link decodeExtract}).
 */
function compactDocs(key: string, value: unknown): unknown {
    // Constants are numbers unless they say otherwise.
    if (key === "" && typeof value === "object" && value !== null && (value as MemberEntry).kind === "constant" && (value as MemberEntry).valueType === "number") {
        const { valueType: _number, ...rest } = value as MemberEntry;
        return rest;
    }
    if (key === "params" && Array.isArray(value) && value.every(p => typeof p === "object" && p !== null && "name" in p)) {
        return (value as ParamDoc[]).map(p => [p.name, p.type, p.description]);
    }
    if (key === "returns" && Array.isArray(value) && value.every(r => typeof r === "object" && r !== null && "type" in r)) {
        return (value as ReturnDoc[]).map(r => [r.type, r.description]);
    }
    return value;
}

/** An extract as read from its JSON text: parameters and results back to objects. */
export function decodeExtract(json: unknown): ApiExtract {
    const extract = json as ApiExtract;
    const fix = (members: Record<string, MemberEntry>) => {
        for (const m of Object.values(members)) {
            if (m.kind === "constant") m.valueType ??= "number";
            if (!m.doc) continue;
            m.doc.params = (m.doc.params as unknown as [string, string, string][]).map(([name, type, description]) => ({ name, type, description }));
            m.doc.returns = (m.doc.returns as unknown as [string, string][]).map(([type, description]) => ({ type, description }));
        }
    };
    for (const mod of Object.values(extract.modules)) {
        fix(mod.members);
        for (const o of Object.values(mod.objects ?? {})) fix(o.members);
    }
    return extract;
}

/**
 * JSON text of an extract: one member per line (small diffs when a member
 * changes, a file of reasonable size), keys in the order built (sorted),
 * final newline.
 */
export function extractText(extract: ApiExtract): string {
    const members = (record: Record<string, MemberEntry>, indent: string) =>
        "{\n" + Object.entries(record).map(([k, v]) => `${indent} ${JSON.stringify(k)}: ${JSON.stringify(v, compactDocs)}`).join(",\n") + `\n${indent}}`;
    const moduleText = (m: ModuleEntry) => {
        const parts = Object.entries(m).map(([k, v]) => {
            if (k === "members") return `  "members": ${members(v as Record<string, MemberEntry>, "  ")}`;
            if (k === "objects") {
                const objs = Object.entries(v as Record<string, ObjectEntry>).map(([name, o]) => {
                    const fields = Object.entries(o).map(([ok, ov]) => ok === "members" ? `    "members": ${members(ov as Record<string, MemberEntry>, "    ")}` : `    ${JSON.stringify(ok)}: ${JSON.stringify(ov)}`);
                    return `   ${JSON.stringify(name)}: {\n${fields.join(",\n")}\n   }`;
                });
                return `  "objects": {\n${objs.join(",\n")}\n  }`;
            }
            return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
        });
        return `{\n${parts.join(",\n")}\n }`;
    };
    const top = Object.entries(extract).map(([k, v]) => {
        if (k === "modules") return ` "modules": {\n${Object.entries(v as Record<string, ModuleEntry>).map(([n, m]) => ` ${JSON.stringify(n)}: ${moduleText(m)}`).join(",\n")}\n }`;
        if (k === "boards") return ` "boards": {\n${Object.entries(v as Record<string, BoardEntry>).map(([n, b]) => `  ${JSON.stringify(n)}: ${JSON.stringify(b)}`).join(",\n")}\n }`;
        return ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
    });
    return `{\n${top.join(",\n")}\n}\n`;
}

function main(argv: string[]): void {
    const { values } = parseOptions(argv, { luatos: { type: "string" }, commit: { type: "string" }, generation: { type: "string" }, out: { type: "string" }, bsp: { type: "string", multiple: true } });
    if (values.luatos === undefined) throw new UserError("api:extract needs --luatos <LuatOS git directory>");
    // BSP repositories by name, each read at the commit its boards name.
    const bspDirs = new Map<string, string>();
    for (const b of values.bsp ?? []) {
        const m = /^([\w.-]+\/[\w.-]+)=(.+)$/.exec(b);
        if (!m) throw new UserError(`--bsp needs <owner/repository>=<git directory>, got "${b}"`, 2);
        bspDirs.set(m[1]!, m[2]!);
    }
    const generations = values.generation !== undefined ? [values.generation] : Object.keys(GENERATIONS);
    for (const generation of generations) {
        const source = GENERATIONS[generation];
        if (!source) throw new UserError(`unknown generation "${generation}" (known: ${Object.keys(GENERATIONS).join(", ")})`);
        const tree = new GitTree(values.luatos, values.commit ?? source.commit);
        const bspTrees = new Map<string, GitTree>();
        for (const b of Object.values(source.boards)) {
            const dir = b.bsp !== undefined ? bspDirs.get(b.bsp.repository) : undefined;
            if (b.bsp !== undefined && dir !== undefined && !bspTrees.has(b.bsp.repository)) bspTrees.set(b.bsp.repository, new GitTree(dir, b.bsp.commit));
        }
        const out = values.out ?? extractPath(generation);
        const previous = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")) as Partial<ApiExtract>) : {};
        const keptBoards = previous.boards ?? {};
        for (const [board, b] of Object.entries(source.boards)) {
            if (b.bsp !== undefined && !bspTrees.has(b.bsp.repository) && keptBoards[board] !== undefined) {
                process.stdout.write(`${board}: module list kept from ${path.relative(process.cwd(), out)} (pass --bsp ${b.bsp.repository}=<git directory> to read it again)\n`);
            }
        }
        const extract = extractApi(tree, generation, source, bspTrees, keptBoards);
        // Do not replace a good extract with an empty one (a wrong folder or commit).
        if (Object.values(extract.modules).filter(m => m.kind === "c").length === 0) {
            throw new UserError(`no LuatOS C modules found in ${values.luatos} at ${tree.commit.slice(0, 9)}; ${path.relative(process.cwd(), values.out ?? extractPath(generation))} left as it was`);
        }
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, extractText(extract));
        const members = Object.values(extract.modules).reduce((n, m) => n + Object.keys(m.members).length, 0);
        process.stdout.write(`${path.relative(process.cwd(), out)}: ${Object.keys(extract.modules).length} modules, ${members} members (${tree.commit.slice(0, 9)})\n`);
    }
}

runIfMain(import.meta.url, "api:extract", main);
