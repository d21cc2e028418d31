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
 * A module of the generation that the board's firmware leaves out is then
 * TypeScript's "Cannot find name 'i2c'" (or "Cannot find module" for a Lua
 * library); that becomes LTS1403, naming the board and the boards whose
 * firmware has it. Which modules a board opens comes from the module index
 * of the declarations (image/board-modules.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "../common/typescript.js";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { boardModules, boardsWithModule, moduleIndex } from "../image/board-modules.js";
import { BOARD_NAMES, declarationsOf, GENERATIONS, getBoard, type BoardProfile, type GenerationName } from "../image/boards.js";
import { notSimulatedModules } from "../runtime/firmware/emulated-modules.js";
import { moduleNotOnBoard, moduleNotSimulated, nodeAt } from "./diagnostics.js";

/** TypeScript's codes for a name that does not exist (2304/2552 name, 2307 module). */
const MISSING = new Set([2304, 2552, 2307]);

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

/** The module a missing-name diagnostic is about when the board's firmware leaves it out, and the node to report at. */
function leftOut(diagnostic: ts.Diagnostic, board: BoardProfile): { module: string; node: ts.Node } | undefined {
    if (diagnostic.source !== undefined || !MISSING.has(diagnostic.code) || diagnostic.file === undefined || diagnostic.start === undefined) return undefined;
    const own = boardModules(board.generation, board.name);
    if (own === undefined) return undefined;
    const node = nodeAt(diagnostic.file, diagnostic.start);
    if (node === undefined) return undefined;
    const all = moduleIndex(board.generation).modules;
    const missing = (module: string) => Object.hasOwn(all, module) && !own.has(module);
    if (ts.isStringLiteral(node) && ts.isImportDeclaration(node.parent) && missing(node.text)) return { module: node.text, node: node.parent };
    return ts.isIdentifier(node) && missing(node.text) ? { module: node.text, node } : undefined;
}

/**
 * The build's diagnostics with TypeScript's missing-name errors about
 * modules the board's firmware leaves out replaced by LTS1403. Boards
 * without a module list (esp32) come back as they are.
 */
export function checkBoardModules(board: BoardProfile, diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
    return diagnostics.map(diagnostic => {
        const use = leftOut(diagnostic, board);
        return use === undefined ? diagnostic : moduleNotOnBoard(use.node, use.module, board.name, boardsWithModule(board.generation, use.module));
    });
}

/** Whether a symbol is declared by the toolkit's declarations (a module of the firmware, not the project's own name). */
function declaredByToolkit(symbol: ts.Symbol | undefined): boolean {
    const types = realPath(path.join(TOOLKIT_ROOT, "types")) + path.sep;
    return symbol?.declarations?.some(d => realPath(d.getSourceFile().fileName).startsWith(types)) === true;
}

/**
 * LTS1404 warnings: the first use, in the project's sources, of each module
 * of the board's firmware that the simulator does not emulate
 * (runtime/firmware/emulated-modules.ts). The firmware builds and runs on
 * the module; on the simulator its functions raise "not simulated".
 */
export function checkSimulatedModules(program: ts.Program, board: BoardProfile): ts.Diagnostic[] {
    const modules = notSimulatedModules(board);
    const checker = program.getTypeChecker();
    const reported = new Set<string>();
    const out: ts.Diagnostic[] = [];
    for (const file of program.getSourceFiles()) {
        if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file) || realPath(file.fileName).startsWith(realPath(TOOLKIT_ROOT) + path.sep)) continue;
        const visit = (node: ts.Node): void => {
            if (ts.isIdentifier(node) && modules.has(node.text) && !reported.has(node.text) && !isDeclarationName(node) && declaredByToolkit(checker.getSymbolAtLocation(node))) {
                reported.add(node.text);
                out.push(moduleNotSimulated(node, node.text, board.name));
            }
            ts.forEachChild(node, visit);
        };
        visit(file);
    }
    return out;
}

/** An identifier that names what a declaration declares, or the member after a dot (`x.i2c`): not a use of a global module. */
function isDeclarationName(node: ts.Identifier): boolean {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return true;
    if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
    return (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent)) && parent.name === node;
}
