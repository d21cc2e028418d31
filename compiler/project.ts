import * as fs from "node:fs";
import * as path from "node:path";
import ts from "../common/typescript.js";
import tstl from "../common/typescript-to-lua.js";
import { UserError } from "../common/user-error.js";
import type { BoardProfile } from "../image/boards.js";
import { boardRootNames } from "./board-declarations.js";
import { formatDiagnostic, hasErrors } from "./diagnostics.js";

/** A firmware project as the build sees it: its config, folders and identity. */
export interface FirmwareProject {
    /** Absolute path of the TSTL config (tstl.json or tsconfig.json). */
    configPath: string;
    /** The parsed config: compiler options (with `tstl` options) and root files. */
    parsed: tstl.ParsedCommandLine;
    /** Folder of the firmware sources (`rootDir`, normally src/). */
    rootDir: string;
    /** Folder the Lua goes to (`outDir`, normally build/lua). */
    outDir: string;
    /** Folder of build artefacts beside the Lua (size.json, script.bin): the parent of outDir. */
    buildDir: string;
    /** `<rootDir>/main.ts`. */
    mainFile: string;
    /** Project name: package.json `name`, used when main.ts sets no PROJECT. */
    name: string;
    /** Project version: package.json `version`, used when main.ts sets no VERSION. */
    version: string;
}

/** The config files looked for, in order, when none is named. */
export const CONFIG_NAMES = ["tstl.json", "tsconfig.json"];

/** Finds the project's config: an explicit path, or tstl.json / tsconfig.json in `dir`. */
export function findConfig(dir: string, explicit?: string): string {
    if (explicit !== undefined) {
        const file = path.resolve(dir, explicit);
        const candidate = fs.existsSync(file) && fs.statSync(file).isDirectory() ? CONFIG_NAMES.map(n => path.join(file, n)).find(f => fs.existsSync(f)) : file;
        if (candidate === undefined || !fs.existsSync(candidate)) {
            throw new UserError(`config not found: ${explicit}`);
        }
        return candidate;
    }
    const found = CONFIG_NAMES.map(n => path.join(dir, n)).find(f => fs.existsSync(f));
    if (found === undefined) {
        throw new UserError(`no tstl.json or tsconfig.json in ${dir}: run the build from the firmware project's folder, or pass --project`);
    }
    return found;
}

/** A path relative to the current folder, for messages. */
function shown(file: string): string {
    return path.relative(process.cwd(), file) || file;
}

/** `tstl.json:1:13: not valid JSON: Expression expected.` */
function configSyntaxError(error: ts.Diagnostic, file: string): string {
    const where = error.file !== undefined && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : undefined;
    const at = where === undefined ? shown(file) : `${shown(file)}:${where.line + 1}:${where.character + 1}`;
    return `${at}: not valid JSON: ${ts.flattenDiagnosticMessageText(error.messageText, " ")}`;
}

function readPackageJson(startDir: string): { name: string; version: string } {
    for (let dir = startDir; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            let json: { name?: unknown; version?: unknown };
            try {
                json = JSON.parse(fs.readFileSync(file, "utf8")) as typeof json;
            } catch (e) {
                throw new UserError(`${file} is not valid JSON: ${(e as Error).message}`);
            }
            return {
                name: typeof json.name === "string" ? json.name : path.basename(dir),
                version: typeof json.version === "string" ? json.version : "0.0.1",
            };
        }
        if (path.dirname(dir) === dir) return { name: path.basename(startDir), version: "0.0.1" };
    }
}

/** Reads and checks a firmware project's config. Throws {@link UserError} for anything the user must fix. */
export function loadProject(configPath: string): FirmwareProject {
    const absolute = path.resolve(configPath);
    if (fs.statSync(absolute).isDirectory()) throw new UserError(`${shown(absolute)} is a folder, not a config file`);
    // TypeScript reads configs leniently and reports a syntax error as odd option errors: check the JSON first.
    const { error } = ts.readConfigFile(absolute, ts.sys.readFile);
    if (error !== undefined) throw new UserError(`${configSyntaxError(error, absolute)}`);
    const parsed = tstl.parseConfigFileWithSystem(absolute);
    if (hasErrors(parsed.errors)) {
        // An extended config is parsed once per extending file: the same error can come twice.
        throw new UserError([...new Set(parsed.errors.map(d => formatDiagnostic(d)))].join("\n"));
    }
    const configDir = path.dirname(absolute);
    const rootDir = path.resolve(configDir, parsed.options.rootDir ?? "src");
    const outDir = path.resolve(configDir, parsed.options.outDir ?? "build/lua");
    const mainFile = path.join(rootDir, "main.ts");
    if (!fs.existsSync(mainFile)) {
        throw new UserError(`missing ${path.relative(process.cwd(), mainFile) || mainFile}: a firmware's entry point is main.ts in its source folder (rootDir ${rootDir})`);
    }
    if (parsed.options.luaTarget !== undefined && parsed.options.luaTarget !== tstl.LuaTarget.Lua53) {
        throw new UserError(`${absolute}: tstl.luaTarget is "${parsed.options.luaTarget}"; LuatOS runs Lua 5.3, so it must be "5.3"`);
    }
    const within = (child: string, parent: string) => !path.relative(parent, child).startsWith("..");
    if (within(rootDir, outDir) || within(outDir, rootDir) || path.resolve(outDir) === configDir) {
        throw new UserError(`outDir ${outDir} overlaps the sources or the project folder: the build replaces its contents, so it must be a folder of its own (build/lua)`);
    }
    const { name, version } = readPackageJson(configDir);
    return { configPath: absolute, parsed, rootDir, outDir, buildDir: path.dirname(outDir), mainFile, name, version };
}

/**
 * Modules the firmware's scripts require that do not come from the program:
 * sys (the firmware's, or the toolkit's stdlib, or lib/) and the toolkit's
 * Lua libraries for the current generation (the build adds them).
 */
export const EXTERNAL_MODULES = ["sys", "libnet", "netclient-compat"] as const;

/** The compiler options of a project's program: its config's, with the {@link EXTERNAL_MODULES} left unresolved. */
export function programOptions(project: FirmwareProject): tstl.CompilerOptions {
    // `import * as libnet from "libnet"` then compiles to `require("libnet")` instead of a resolution error.
    const own = project.parsed.options.noResolvePaths ?? [];
    return { ...project.parsed.options, noResolvePaths: [...own, ...EXTERNAL_MODULES.filter(m => !own.includes(m))] };
}

/**
 * The program's root files for a board: the config's, with the toolkit's
 * declarations entry of the board's generation replaced by the board's own
 * (compiler/board-declarations.ts). Without a board: the config's as they are.
 */
export function programRoots(project: FirmwareProject, board?: BoardProfile): string[] {
    return board === undefined ? [...project.parsed.fileNames] : boardRootNames(project.parsed.fileNames, board);
}

/** Creates the TypeScript program for a project, typed against the board's modules when a board is given. */
export function createProgram(project: FirmwareProject, board?: BoardProfile): ts.Program {
    const options = programOptions(project);
    return ts.createProgram({
        rootNames: programRoots(project, board),
        options,
        projectReferences: project.parsed.projectReferences,
    });
}
