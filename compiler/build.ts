import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { UserError } from "../common/user-error.js";
import { formatDiagnostic, hasErrors } from "./diagnostics.js";
import { emitToMemory, type EmittedFile } from "./emit.js";
import { DEFAULT_BOARD } from "../image/boards.js";
import { packBuild } from "../image/pack.js";
import { checkBlockingCalls } from "./blocking-calls.js";
import { checkNumberWidth } from "./number-width.js";
import { createMainLuaPlugin } from "./main-lua-plugin.js";
import { createProgram, findConfig, loadProject, type FirmwareProject } from "./project.js";
import { formatSizeReport, sizeReport, type SizeReport } from "./size-report.js";
import { compileStdlib } from "./stdlib.js";

export interface BuildOptions {
    /** Folder to run from; the config is looked up here. Default: cwd. */
    cwd?: string;
    /** Config file or folder (`--project`). Default: tstl.json, then tsconfig.json. */
    project?: string;
    /** Print progress and the size report here. Default: nothing printed. */
    log?: (line: string) => void;
    /** Board profile for the script image (build/script.bin). Default: air640w. */
    board?: string;
}

export interface BuildResult {
    project: FirmwareProject;
    /** Every file written to the Lua folder (Lua, source maps, extra files). */
    files: EmittedFile[];
    size: SizeReport;
    /** Path of build/size.json. */
    sizeFile: string;
}

/** Marks a folder as the build's own, so a later build may replace its contents. */
export const BUILD_MARKER = ".luatos-build";

/** Extra files copied as they are from `<project>/lib/` (a user's own sys.lua, data files). */
export const EXTRA_DIR = "lib";

function readExtraFiles(projectDir: string): EmittedFile[] {
    const dir = path.join(projectDir, EXTRA_DIR);
    if (!fs.existsSync(dir)) return [];
    const files: EmittedFile[] = [];
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const full = path.join(entry.parentPath, entry.name);
        files.push({ name: path.relative(dir, full).split(path.sep).join("/"), data: fs.readFileSync(full) });
    }
    return files;
}

/**
 * Makes the Lua folder hold exactly `files`, after checking it is the
 * build's own. Unchanged files are left alone, so a rebuild in watch mode
 * touches only what changed and the folder is never seen empty.
 */
function writeOutput(outDir: string, files: readonly EmittedFile[]): void {
    if (fs.existsSync(outDir)) {
        const entries = fs.readdirSync(outDir);
        if (entries.length > 0 && !entries.includes(BUILD_MARKER)) {
            throw new UserError(`${outDir} holds files this build did not write (no ${BUILD_MARKER} marker); move them away or choose another outDir`);
        }
    }
    fs.mkdirSync(outDir, { recursive: true });
    const keep = new Set(files.map(f => path.resolve(outDir, f.name)));
    keep.add(path.resolve(outDir, BUILD_MARKER));
    for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        const full = path.join(entry.parentPath, entry.name);
        if (!entry.isDirectory() && !keep.has(full)) fs.rmSync(full, { force: true });
    }
    fs.writeFileSync(path.join(outDir, BUILD_MARKER), "written by luatos-ts build; the next build replaces this folder\n");
    for (const file of files) {
        const target = path.join(outDir, file.name);
        if (fs.existsSync(target) && fs.statSync(target).isFile() && fs.readFileSync(target).equals(file.data)) continue;
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, file.data);
    }
    removeEmptyFolders(outDir);
}

function removeEmptyFolders(dir: string): void {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const sub = path.join(dir, entry.name);
        removeEmptyFolders(sub);
        if (fs.readdirSync(sub).length === 0) fs.rmdirSync(sub);
    }
}

/**
 * Compiles a firmware project to Lua 5.3: type-checks, emits with TSTL and
 * the main.lua conventions, adds sys (unless the app brings its own) and the
 * app's extra files, then writes the Lua folder and build/size.json.
 * Nothing is written when anything fails.
 */
export function build(options: BuildOptions = {}): BuildResult {
    const cwd = options.cwd ?? process.cwd();
    const project = loadProject(findConfig(cwd, options.project));
    return buildProgram(project, createProgram(project), options);
}

/**
 * The part of {@link build} after the TypeScript program exists: check,
 * emit, add sys and extra files, write. Watch mode calls it with a program
 * created from the previous one, so unchanged files are not parsed again.
 */
export function buildProgram(project: FirmwareProject, program: ts.Program, options: BuildOptions = {}): BuildResult {
    const cwd = options.cwd ?? process.cwd();
    const log = options.log ?? (() => {});
    const preEmit = ts.getPreEmitDiagnostics(program);
    if (hasErrors(preEmit)) {
        throw new UserError(preEmit.filter(d => d.category === ts.DiagnosticCategory.Error).map(d => formatDiagnostic(d, cwd)).join("\n"));
    }
    // Waiting outside a task fails on the device; catch it here, with the TypeScript location.
    const blocking = checkBlockingCalls(program);
    if (hasErrors(blocking)) {
        throw new UserError(blocking.filter(d => d.category === ts.DiagnosticCategory.Error).map(d => formatDiagnostic(d, cwd)).join("\n"));
    }
    for (const warning of blocking) log(formatDiagnostic(warning, cwd));
    // Code that depends on 64-bit numbers behaves differently on 32-bit boards: warn.
    for (const warning of checkNumberWidth(program)) log(formatDiagnostic(warning, cwd));
    const plugin = createMainLuaPlugin({ mainFile: project.mainFile, project: project.name, version: project.version });
    const { files, diagnostics } = emitToMemory(program, project.outDir, [plugin]);
    if (hasErrors(diagnostics)) {
        throw new UserError(diagnostics.filter(d => d.category === ts.DiagnosticCategory.Error).map(d => formatDiagnostic(d, cwd)).join("\n"));
    }
    const output = new Map(files.map(f => [f.name, f]));
    const extra = readExtraFiles(path.dirname(project.configPath));
    const stdlibNames = new Set<string>();
    for (const file of compileStdlib()) {
        const lua = file.name.replace(/\.map$/, "");
        // The app's own sys (src/sys.ts or lib/sys.lua) wins over the toolkit's.
        if (output.has(lua) || extra.some(e => e.name === lua)) continue;
        output.set(file.name, file);
        if (file.name.endsWith(".lua")) stdlibNames.add(file.name);
    }
    for (const file of extra) {
        if (output.has(file.name)) {
            throw new UserError(`${EXTRA_DIR}/${file.name} has the same name as a compiled module; rename one of them`);
        }
        output.set(file.name, file);
    }
    const all = [...output.values()].sort((a, b) => a.name.localeCompare(b.name));
    const size = sizeReport(all, stdlibNames);
    writeOutput(project.outDir, all);
    // The image is what a module loads: pack it with every build, and fail when it does not fit.
    const packed = packBuild(project.outDir, { board: options.board ?? DEFAULT_BOARD, allowOversize: true });
    size.image = { board: packed.board.name, bytes: packed.image.length, limit: packed.limit };
    const imageFile = path.join(project.buildDir, "script.bin");
    if (!packed.fits) {
        fs.rmSync(imageFile, { force: true });
        throw new UserError(`the script image is ${packed.image.length} bytes, more than the ${packed.limit}-byte script area of ${packed.board.name}`);
    }
    fs.writeFileSync(imageFile, packed.image);
    const sizeFile = path.join(project.buildDir, "size.json");
    fs.writeFileSync(sizeFile, JSON.stringify(size, null, 2) + "\n");
    log(`built ${path.relative(cwd, project.outDir) || "."} (${Object.keys(size.files).length} Lua files)`);
    log(formatSizeReport(size));
    return { project, files: all, size, sizeFile };
}
