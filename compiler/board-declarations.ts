/**
 * The build types a firmware against its board's own modules. A project's
 * config names one of the toolkit's declarations entries (`luatos-ts/tstl.json`
 * gives types/index.d.ts, `luatos-ts/types/current/tstl.json`
 * types/current/index.d.ts, ...); when that entry is of the board's
 * generation, the build puts the board's own entry in its place
 * (image/boards.ts `declarationsOf`), so `--board air101` checks against the
 * Air101's modules whatever entry of today's firmware the config names.
 * An entry of the other generation is left alone: a 2021-typed firmware
 * runs on today's boards through netclient-compat, and today's on a 2021
 * board is LTS1402 (generation-check.ts).
 *
 * A module (or a member) of the generation that the board's firmware leaves
 * out is then TypeScript's "Cannot find name 'i2c'"; that becomes LTS1403,
 * naming the board and the boards whose firmware has it. Which modules a
 * board opens comes from the committed extracts of the LuatOS sources
 * (api/extract/luatos-<generation>.json `boards`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "../common/typescript.js";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { BOARD_NAMES, declarationsOf, GENERATIONS, getBoard, type BoardProfile, type GenerationName } from "../image/boards.js";
import { moduleNotOnBoard } from "./diagnostics.js";

/** TypeScript's codes for a name or member that does not exist (2304/2552 name, 2339/2551 property, 2307 module). */
const MISSING = new Set([2304, 2552, 2339, 2551, 2307]);

/** What the extract of a generation says about its boards. */
interface GenerationModules {
    /** Every module of the generation's sources. */
    all: Set<string>;
    /** Per board with a known configuration: the modules its firmware opens, and the members it compiles out. */
    boards: Map<string, { modules: Set<string>; omitted: Map<string, Set<string>> }>;
}

type Extract = {
    modules: Record<string, unknown>;
    boards: Record<string, { modules: string[]; omittedMembers: Record<string, string[]> }>;
};

const extracts = new Map<GenerationName, GenerationModules>();

/** The modules of a generation and of its boards, from the committed extract (read once). */
export function generationModules(generation: GenerationName): GenerationModules {
    const known = extracts.get(generation);
    if (known !== undefined) return known;
    const extract = JSON.parse(fs.readFileSync(path.join(TOOLKIT_ROOT, "api", "extract", `luatos-${generation}.json`), "utf8")) as Extract;
    const boards = new Map(
        Object.entries(extract.boards).map(([name, board]) => [
            name,
            { modules: new Set(board.modules), omitted: new Map(Object.entries(board.omittedMembers).map(([module, members]) => [module, new Set(members)])) },
        ]),
    );
    const modules = { all: new Set(Object.keys(extract.modules)), boards };
    extracts.set(generation, modules);
    return modules;
}

/** The real path of a file, or its resolved path when it is not there. */
function realPath(file: string): string {
    try {
        return fs.realpathSync(file);
    } catch {
        return path.resolve(file);
    }
}

/** Every declarations entry of the toolkit of one generation (the generation's and its boards'), as real paths. */
function entriesOf(generation: GenerationName): Set<string> {
    const entries = [GENERATIONS[generation].declarations, ...BOARD_NAMES.map(name => getBoard(name)).filter(b => b.generation === generation).map(b => declarationsOf(b).declarations)];
    return new Set(entries.map(entry => realPath(path.join(TOOLKIT_ROOT, entry))));
}

/**
 * The program's root files for a board: a toolkit entry of the board's
 * generation is replaced by the board's own entry; everything else stays.
 */
export function boardRootNames(rootNames: readonly string[], board: BoardProfile): string[] {
    const entries = entriesOf(board.generation);
    const own = path.join(TOOLKIT_ROOT, declarationsOf(board).declarations);
    const out: string[] = [];
    for (const file of rootNames) {
        const replaced = entries.has(realPath(file)) ? own : file;
        if (!out.includes(replaced)) out.push(replaced);
    }
    return out;
}

/** The innermost node of `file` spanning `position`. */
function nodeAt(file: ts.SourceFile, position: number): ts.Node | undefined {
    let found: ts.Node | undefined;
    const visit = (node: ts.Node) => {
        if (position < node.getStart(file) || position >= node.getEnd()) return;
        found = node;
        ts.forEachChild(node, visit);
    };
    ts.forEachChild(file, visit);
    return found;
}

/** The module or member a missing-name diagnostic is about when the board's firmware leaves it out, and the node to report at. */
function leftOut(diagnostic: ts.Diagnostic, board: BoardProfile): { api: string; module: string; node: ts.Node } | undefined {
    if (diagnostic.source !== undefined || !MISSING.has(diagnostic.code) || diagnostic.file === undefined || diagnostic.start === undefined) return undefined;
    const { all, boards } = generationModules(board.generation);
    const own = boards.get(board.name);
    if (own === undefined) return undefined;
    const node = nodeAt(diagnostic.file, diagnostic.start);
    if (node === undefined) return undefined;
    const missing = (module: string) => all.has(module) && !own.modules.has(module);
    if (ts.isStringLiteral(node) && ts.isImportDeclaration(node.parent) && missing(node.text)) return { api: node.text, module: node.text, node: node.parent };
    if (!ts.isIdentifier(node)) return undefined;
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === node && ts.isIdentifier(parent.expression)) {
        const module = parent.expression.text;
        if (own.omitted.get(module)?.has(node.text) === true) return { api: `${module}.${node.text}`, module, node: parent };
        return undefined;
    }
    return missing(node.text) ? { api: node.text, module: node.text, node } : undefined;
}

/** The boards of a generation whose firmware has a module (or member), by the extract. */
function boardsWith(generation: GenerationName, module: string, member: string | undefined): string[] {
    const { boards } = generationModules(generation);
    return [...boards].filter(([, b]) => b.modules.has(module) && (member === undefined || b.omitted.get(module)?.has(member) !== true)).map(([name]) => name);
}

/**
 * The build's diagnostics with TypeScript's missing-name errors about
 * modules (and members) the board's firmware leaves out replaced by
 * LTS1403. Boards without a module list (esp32) come back as they are.
 */
export function checkBoardModules(board: BoardProfile, diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
    return diagnostics.map(diagnostic => {
        const use = leftOut(diagnostic, board);
        if (use === undefined) return diagnostic;
        const member = use.api.includes(".") ? use.api.slice(use.module.length + 1) : undefined;
        return moduleNotOnBoard(use.node, use.api, board.name, boardsWith(board.generation, use.module, member));
    });
}
