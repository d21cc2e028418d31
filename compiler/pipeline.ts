/**
 * The build as stages: compile → check → shape main.lua → pack → measure
 * heap → write. Each stage is a pure function over in-memory files
 * (compiler/stages/); this module gathers the inputs (config, sources,
 * lib/, the toolkit's sys), runs the stages in order and reports. The CLI,
 * watch mode, tests, benchmarks and the busted tier all build through it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type ts from "typescript";
import { buildLayout, EXTRA_DIR, type BuildLayout } from "../common/build-layout.js";
import { UserError } from "../common/user-error.js";
import { DEFAULT_BOARD, defaultLuaForm, generationOf, getBoard, numberWidthLabel, type BoardProfile, type LuaForm } from "../image/boards.js";
import { compileLuaLibraries } from "../lualibs/compile.js";
import type { PackResult } from "../image/pack.js";
import type { EmittedFile } from "./emit.js";
import { BuildError, formatDiagnostic, hasErrors, imageTooBig, throwOnErrors, warningsOf } from "./diagnostics.js";
import { createProgram, findConfig, loadProject, type FirmwareProject } from "./project.js";
import { formatSizeReport, sizeReport, type SizeReport } from "./size-report.js";
import { check } from "./stages/check.js";
import { compile, type PreviousCompile } from "./stages/compile.js";
import { buildFiles, fileList, type BuildFiles } from "./stages/files.js";
import { checkGeneration } from "./generation-check.js";
import { checkBoardModules, checkSimulatedModules } from "./board-declarations.js";
import type { IncrementalChecks } from "./incremental-checks.js";
import { measureHeap, type BuildFootprint } from "./stages/heap.js";
import { measureCurrentHeap, type CurrentFootprint } from "./stages/heap-current.js";
import { pack } from "./stages/pack.js";
import { mainLuaPlugin, shape } from "./stages/shape.js";
import { commitOutput, checkWritable, discardOutput, OutputInTheWay, stageOutput, stageSizeReport } from "./stages/write.js";
import { compileStdlib } from "./stdlib.js";

export interface BuildOptions {
    /** Folder to run from; the config is looked up here. Default: cwd. */
    cwd?: string;
    /** Config file or folder (`--project`). Default: tstl.json, then tsconfig.json. */
    project?: string;
    /** Print warnings, the size report and the heap figures here. Default: nothing printed. */
    log?: (line: string) => void;
    /** Board profile for the script image and the heap budget. Default: air640w. */
    board?: string;
    /** Run the heap step (boot on the simulated device, native lua5.3). Default: true for {@link buildFirmware}. */
    heap?: boolean;
    /** False (`--no-heap-budget`): a heap over the board's is reported, not an error. Default true. */
    heapBudget?: boolean;
    /**
     * How the image ships Lua (`--source`, `--keep-lines`). Default: the
     * board's ({@link defaultLuaForm}: stripped bytecode on the 2021 boards).
     */
    luaForm?: LuaForm;
    /** lua5.3 for the native measurement; false skips it. Default: lua5.3 from PATH. */
    lua?: string | false;
    /** A failed build keeps build/script.bin (watch mode keeps the last good output). Default false: it is removed. */
    keepImageOnFailure?: boolean;
    /**
     * False: a good build leaves the replaced Lua folder in the staging
     * folder, for the caller to remove with removeStaging (stages/write.ts)
     * after reporting (watch mode). Default true: removed at once.
     */
    removeStaging?: boolean;
}

/** The build's output before anything is written: what the pure stages produced. */
export interface PreparedBuild {
    project: FirmwareProject;
    layout: BuildLayout;
    /** The Lua folder's contents. */
    files: BuildFiles;
    image: PackResult;
    size: SizeReport;
    /** Warnings of the check and shape stages (errors throw). */
    diagnostics: ts.Diagnostic[];
    /** The compile stage's output, before shaping (watch mode compiles the next build from it). */
    compiled: BuildFiles;
    /** True when the compile transpiled only the affected files (watch mode). */
    compiledPartially: boolean;
}

/** What a finished build wrote and reported. */
export interface BuildResult {
    project: FirmwareProject;
    /** Every file written to the Lua folder (Lua, source maps, extra files), sorted by name. */
    files: EmittedFile[];
    /** The size report as written to build/size.json (with `footprint` after the heap step). */
    size: SizeReport & { footprint?: BuildFootprint | CurrentFootprint };
    /** Path of build/size.json. */
    sizeFile: string;
    /** The script image written to build/script.bin. */
    image: PackResult;
    /** Warnings of every stage (errors fail the build). */
    diagnostics: ts.Diagnostic[];
    /** Lines of the heap step's report (empty without it). */
    heapReport: string[];
}

/** The app's `lib/` files, copied as they are. */
function readExtraFiles(projectDir: string): BuildFiles {
    const dir = path.join(projectDir, EXTRA_DIR);
    const files = new Map<string, Buffer>();
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return files;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const full = path.join(entry.parentPath, entry.name);
        files.set(path.relative(dir, full).split(path.sep).join("/"), fs.readFileSync(full));
    }
    return files;
}

/** The toolkit's files a board's image may need: the 2021 sys, or the current generation's Lua libraries. */
function toolkitFiles(board: BoardProfile): { stdlib: BuildFiles; libraries: Map<string, Buffer> } {
    const generation = generationOf(board);
    const stdlib = generation.addsToolkitSys ? buildFiles(compileStdlib()) : new Map<string, Buffer>();
    const libraries = new Map<string, Buffer>();
    if (generation.toolkitLibraries.length > 0) {
        for (const library of compileLuaLibraries()) {
            if (generation.toolkitLibraries.includes(library.module)) libraries.set(library.module, Buffer.from(library.lua));
        }
    }
    return { stdlib, libraries };
}

/**
 * The pure part of a build: check → compile (with the main.lua shape) →
 * shape (sys, lib/) → pack, all in memory. Throws a {@link BuildError}
 * with the errors when a stage fails; nothing is written.
 *
 * @param program the project's TypeScript program (watch mode passes one
 *   created from the previous, so unchanged files are not parsed again).
 * @param typeDiagnostics TypeScript's diagnostics of the program, when the
 *   caller keeps them incrementally (watch mode); see the check stage.
 * @param previous the previous compile and the files affected since
 *   (watch mode), so that only those are transpiled again.
 * @param toolkitChecks the toolkit's checks kept per file between programs
 *   (watch mode), so that only the files an edit affects are checked again.
 */
export function prepareBuild(
    project: FirmwareProject,
    program: ts.Program,
    options: BuildOptions = {},
    typeDiagnostics?: () => readonly ts.Diagnostic[],
    previous?: () => PreviousCompile | undefined,
    toolkitChecks?: IncrementalChecks,
): PreparedBuild {
    const cwd = options.cwd ?? process.cwd();
    const layout = buildLayout(project.outDir);
    checkWritable(layout, cwd);
    const board = getBoard(options.board ?? DEFAULT_BOARD);
    // Today's APIs in a build for a 2021 board: one diagnostic naming the generation (generation-check.ts);
    // a module the board's firmware leaves out: one naming the board (board-declarations.ts).
    const typed = checkBoardModules(board, checkGeneration(program, board, check(program, typeDiagnostics, toolkitChecks)));
    // Modules of the board's firmware the simulator stands in for: a warning each (LTS1404), once the program's types hold.
    const checked = hasErrors(typed) ? typed : [...typed, ...checkSimulatedModules(program, board)];
    throwOnErrors(checked, cwd);
    const compiled = compile(program, project.outDir, [mainLuaPlugin(project)], previous?.());
    throwOnErrors(compiled.diagnostics, cwd);
    const shaped = shape(compiled.files, { ...toolkitFiles(board), extra: readExtraFiles(path.dirname(project.configPath)) });
    throwOnErrors(shaped.diagnostics, cwd);
    const form = options.luaForm ?? defaultLuaForm(board);
    if (form !== "source" && (board.integerBytes !== 4 || board.numberBytes !== 4)) {
        throw new UserError(`${board.name} firmware uses ${numberWidthLabel(board.integerBytes, board.numberBytes)}; the build writes bytecode for 32-bit numbers only, so ship source there (drop --keep-lines)`);
    }
    const image = pack(shaped.files, board, form);
    const size = sizeReport(fileList(shaped.files), shaped.stdlibNames);
    size.image = { board: board.name, bytes: image.image.length, limit: image.limit };
    if (!image.fits) throw new BuildError([imageTooBig(image.image.length, image.limit, board.name)], cwd);
    const diagnostics = [...warningsOf(checked), ...warningsOf(compiled.diagnostics), ...warningsOf(shaped.diagnostics)];
    return { project, layout, files: shaped.files, image, size, diagnostics, compiled: compiled.files, compiledPartially: compiled.partial };
}

/** Loads the project named by the options and creates its program. */
function openProject(options: BuildOptions): { project: FirmwareProject; program: ts.Program } {
    const project = loadProject(findConfig(options.cwd ?? process.cwd(), options.project));
    return { project, program: createProgram(project, getBoard(options.board ?? DEFAULT_BOARD)) };
}

function report(result: BuildResult, options: BuildOptions): void {
    const log = options.log;
    if (log === undefined) return;
    const cwd = options.cwd ?? process.cwd();
    for (const diagnostic of result.diagnostics) log(formatDiagnostic(diagnostic, cwd));
    log(`built ${path.relative(cwd, result.project.outDir) || "."} (${Object.keys(result.size.files).length} Lua files)`);
    log(formatSizeReport(result.size));
    for (const line of result.heapReport) log(line);
}

/** Prepares the build (or takes a prepared one) and stages its output. */
function stage(options: BuildOptions, prepared: (() => PreparedBuild) | undefined, onLayout: (layout: BuildLayout) => void): PreparedBuild {
    let ready: PreparedBuild;
    if (prepared !== undefined) {
        ready = prepared();
    } else {
        const { project, program } = openProject(options);
        onLayout(buildLayout(project.outDir));
        ready = prepareBuild(project, program, options);
    }
    onLayout(ready.layout);
    stageOutput(ready.layout, ready.files, ready.image.image, options.cwd);
    return ready;
}

/** Writes size.json (once), moves the staged output into place and prints the report. */
function finish(result: BuildResult, layout: BuildLayout, options: BuildOptions): BuildResult {
    stageSizeReport(layout, result.size);
    commitOutput(layout, { removeStaging: options.removeStaging });
    report(result, options);
    return result;
}

/** After a failure: the staging folder and a stale image go, unless the build refused to write at all. */
function cleanUp(error: unknown, layout: BuildLayout | undefined, options: BuildOptions): never {
    if (layout !== undefined && !(error instanceof OutputInTheWay)) discardOutput(layout, { keepImage: options.keepImageOnFailure });
    throw error;
}

/**
 * The whole build: {@link prepareBuild}, then the output is staged beside
 * build/, the heap step boots the staged folder (unless `heap` is false),
 * build/size.json is written once, and the staged output replaces the
 * build's. A failure at any stage leaves the previous Lua folder as it was,
 * removes the staging folder and a stale build/script.bin, and throws a
 * {@link UserError} (a {@link BuildError} when diagnostics failed it).
 *
 * @param prepared prepares the build (watch mode's warm program); default: the project named by the options.
 */
export async function buildFirmware(options: BuildOptions = {}, prepared?: () => PreparedBuild): Promise<BuildResult> {
    const cwd = options.cwd ?? process.cwd();
    let layout: BuildLayout | undefined;
    try {
        const ready = stage(options, prepared, l => (layout = l));
        const result = resultOf(ready);
        if (options.heap !== false && ready.image.board.generation !== "2021" && ready.image.board.luaVm !== undefined) {
            const heap = await measureCurrentHeap(ready.layout.stagedOutDir, { board: ready.image.board, heapBudget: options.heapBudget !== false, cwd });
            throwOnErrors(heap.diagnostics, cwd);
            result.size.footprint = heap.footprint;
            result.diagnostics.push(...warningsOf(heap.diagnostics));
            result.heapReport = heap.lines;
        } else if (options.heap !== false && ready.image.board.generation !== "2021") {
            result.heapReport = [`Lua heap after boot: not measured for ${ready.image.board.name} (no figures of its firmware's Lua VM)`];
        } else if (options.heap !== false) {
            const heap = await measureHeap(ready.layout.stagedOutDir, {
                board: ready.image.board,
                heapBudget: options.heapBudget !== false,
                cwd,
                lua: options.lua,
                luaForm: options.luaForm ?? defaultLuaForm(ready.image.board),
            });
            throwOnErrors(heap.diagnostics, cwd);
            result.size.footprint = heap.footprint;
            result.diagnostics.push(...warningsOf(heap.diagnostics));
            result.heapReport = heap.lines;
        }
        return finish(result, ready.layout, options);
    } catch (error) {
        return cleanUp(error, layout, options);
    }
}

/**
 * {@link buildFirmware} without the heap step, synchronously, for tools and
 * tests that need the Lua folder and no heap figures.
 */
export function buildWithoutHeap(options: BuildOptions = {}, prepared?: () => PreparedBuild): BuildResult {
    let layout: BuildLayout | undefined;
    try {
        const ready = stage(options, prepared, l => (layout = l));
        return finish(resultOf(ready), ready.layout, options);
    } catch (error) {
        return cleanUp(error, layout, options);
    }
}

function resultOf(ready: PreparedBuild): BuildResult {
    return {
        project: ready.project,
        files: fileList(ready.files),
        size: ready.size,
        sizeFile: ready.layout.sizeFile,
        image: ready.image,
        diagnostics: [...ready.diagnostics],
        heapReport: [],
    };
}
