/**
 * What hand-written declarations already declare, so the generated ones
 * leave it to them: the members of each `declare namespace X`, the exports
 * of each `declare module "x"`, and global variables that stand for a whole
 * module (`declare var sysplus: typeof sys`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "./paths.js";

export interface OverrideIndex {
    /** Files read, relative to the repository. */
    files: string[];
    /** Namespace or module name → declared member names. */
    members: Map<string, Set<string>>;
    /** Names declared as whole globals (a variable, function or class), not namespaces. */
    wholeModules: Set<string>;
    /** For each file, the top-level names it declares (namespaces, modules, globals). */
    fileModules: Map<string, Set<string>>;
}

/** The hand-written declaration files of each generation (relative to the repository). */
export const OVERRIDE_FILES: Record<string, string[]> = {
    // The 2021 entry's own files (types/*.d.ts) are its overrides, plus additions under types/overrides/2021.
    "2021": ["types/globals.d.ts", "types/log.d.ts", "types/rtos.d.ts", "types/topics.d.ts", "types/sys.d.ts", "types/socket.d.ts", "types/overrides/2021"],
    current: ["types/globals.d.ts", "types/overrides/current"],
};

function expand(entries: string[]): string[] {
    return entries.flatMap(e => {
        const abs = path.join(REPO_ROOT, e);
        if (!fs.existsSync(abs)) return [];
        if (fs.statSync(abs).isDirectory()) return fs.readdirSync(abs).filter(f => f.endsWith(".d.ts")).sort().map(f => path.posix.join(e, f));
        return [e];
    });
}

function nameOf(node: ts.Node): string | undefined {
    const n = (node as { name?: ts.Node }).name;
    if (n === undefined) return undefined;
    if (ts.isIdentifier(n) || ts.isStringLiteral(n)) return n.text;
    return undefined;
}

/** Reads the override files of a generation. */
export function readOverrides(generation: string, readFile: (file: string) => string = f => fs.readFileSync(path.join(REPO_ROOT, f), "utf8")): OverrideIndex {
    const files = expand(OVERRIDE_FILES[generation] ?? []);
    const index: OverrideIndex = { files, members: new Map(), wholeModules: new Set(), fileModules: new Map() };
    const add = (ns: string, member: string) => {
        let s = index.members.get(ns);
        if (!s) index.members.set(ns, s = new Set());
        s.add(member);
    };
    for (const file of files) {
        const source = ts.createSourceFile(file, readFile(file), ts.ScriptTarget.Latest, false);
        const declared = new Set<string>();
        index.fileModules.set(file, declared);
        const visitTop = (stmt: ts.Statement) => {
            if (ts.isModuleDeclaration(stmt)) {
                const name = stmt.name.text;
                if (name === "global" && stmt.body && ts.isModuleBlock(stmt.body)) { stmt.body.statements.forEach(visitTop); return; }
                declared.add(name);
                index.members.set(name, index.members.get(name) ?? new Set());
                if (stmt.body && ts.isModuleBlock(stmt.body)) {
                    for (const m of stmt.body.statements) {
                        if (ts.isVariableStatement(m)) m.declarationList.declarations.forEach(d => { const n = nameOf(d); if (n) add(name, n); });
                        // `export { _new as new }`: a member a declaration cannot be named after.
                        else if (ts.isExportDeclaration(m) && m.exportClause && ts.isNamedExports(m.exportClause)) m.exportClause.elements.forEach(e => add(name, e.name.text));
                        else {
                            const n = nameOf(m);
                            if (n) add(name, n);
                            // Members of an interface (`zbuff.ZBuff`) are left to it too.
                            if (n && ts.isInterfaceDeclaration(m)) {
                                index.members.set(`${name}.${n}`, index.members.get(`${name}.${n}`) ?? new Set());
                                m.members.forEach(im => { const k = nameOf(im); if (k) add(`${name}.${n}`, k); });
                            }
                        }
                    }
                }
            } else if (ts.isVariableStatement(stmt)) {
                stmt.declarationList.declarations.forEach(d => { const n = nameOf(d); if (n) { index.wholeModules.add(n); declared.add(n); } });
            } else if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) {
                const n = nameOf(stmt); if (n) { index.wholeModules.add(n); declared.add(n); }
            }
        };
        source.statements.forEach(visitTop);
    }
    return index;
}
