import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { TOOLKIT_ROOT } from "../../common/toolkit-root.js";
import { fileError, makeFolder, writeNewFile } from "../../image/user-files.js";
import { BOARD_NAMES, declarationsOf, DEFAULT_BOARD, getBoard, type BoardName, type BoardProfile, type GenerationName } from "../../image/boards.js";
import { runCommand } from "../run-command.js";

/** This toolkit's folder (the one holding its package.json). */
export const TOOLKIT_DIR = TOOLKIT_ROOT;

/** The files a new project starts from; `{{key}}` placeholders are filled in. */
export const TEMPLATE_DIR = path.join(TOOLKIT_DIR, "templates", "project");

/**
 * Per generation, the files that replace those of {@link TEMPLATE_DIR}: the
 * template firmware and its test are written against the generation's API
 * (TEMPLATE_DIR's use the 2021 netclient `socket.tcp()`).
 */
export const GENERATION_TEMPLATE_DIRS: Record<GenerationName, string | undefined> = {
    "2021": undefined,
    current: path.join(TOOLKIT_DIR, "templates", "current"),
};

/** Template names that are renamed when written (npm drops a package's .gitignore). */
const RENAMED: Record<string, string> = { _gitignore: ".gitignore" };

export interface InitOptions {
    /** Folder to create the project in; it must not exist or be empty. */
    dir: string;
    /** package.json name. Default: the folder's name, made a valid npm name. */
    name?: string;
    /** Dependency spec for luatos-ts. Default: `file:<this toolkit's folder>`. */
    toolkit?: string;
    /**
     * The board the firmware is for (`--board`): its declarations entry goes in
     * tsconfig.json, its name in the npm scripts and the test, and the template
     * firmware is written for its generation. Default: {@link DEFAULT_BOARD}.
     */
    board?: string;
}

export interface InitResult {
    /** Absolute path of the project folder. */
    dir: string;
    name: string;
    /** The board the project is set up for. */
    board: BoardName;
    /** Files written, relative to `dir`, with forward slashes. */
    files: string[];
}

/** stat that answers undefined for a path that is not there (a path through a file counts as not there; creating it then fails with one line). */
function statOrUndefined(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file);
    } catch {
        return undefined;
    }
}

/** npm's rules for a package name, as far as a new project needs them. */
function checkPackageName(name: string): void {
    if (name.length === 0 || name.length > 214) throw new UserError(`project name "${name}" must be 1 to 214 characters (it becomes the package.json name and PROJECT)`);
    if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name)) {
        throw new UserError(`project name "${name}" is not a valid npm package name: use lowercase letters, digits, "-", "." and "_" (pass --name)`);
    }
}

/** A path to a packed toolkit (`npm pack` output), as opposed to a registry, git or `file:` spec. */
function isTarballPath(spec: string): boolean {
    return !spec.includes(":") && /\.(tgz|tar\.gz)$/.test(spec);
}

/**
 * The dependency spec written to the new package.json. A path to a tarball
 * made by `npm pack` (`../luatos-ts-0.1.0.tgz`, relative to the current
 * folder) must exist and becomes `file:` relative to the project, which is
 * how npm reads it; any other spec is written as given.
 */
export function toolkitSpec(spec: string, projectDir: string): string {
    if (!isTarballPath(spec)) return spec;
    const tarball = path.resolve(spec);
    if (!statOrUndefined(tarball)?.isFile()) throw new UserError(`--toolkit ${spec}: no such tarball (make one with \`npm pack\` in the toolkit's folder)`);
    return `file:${path.relative(projectDir, tarball).split(path.sep).join("/")}`;
}

/** A folder name made into an npm package name: `My Firmware` → `my-firmware`. */
export function packageNameFor(dir: string): string {
    return path
        .basename(path.resolve(dir))
        .toLowerCase()
        .replace(/[^a-z0-9-._~]+/g, "-")
        .replace(/^[-._]+|[-._]+$/g, "");
}

function toolkitVersions(): Record<string, string> {
    const pkg = JSON.parse(fs.readFileSync(path.join(TOOLKIT_DIR, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
    };
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    const version = (name: string) => {
        const found = all[name];
        if (found === undefined) throw new Error(`the toolkit's package.json has no ${name} to pin the new project to`);
        return found;
    };
    // The new project tests and lints with the same versions the toolkit is tested with.
    return { vitestVersion: version("vitest"), eslintVersion: version("eslint"), typescriptEslintVersion: version("typescript-eslint") };
}

/** Fills `{{key}}` placeholders; inside JSON files the values are JSON-escaped. */
function render(text: string, values: Record<string, string>, json: boolean, file: string): string {
    return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
        const value = values[key];
        if (value === undefined) throw new Error(`template ${file} uses {{${key}}}, which init does not fill`);
        return json ? JSON.stringify(value).slice(1, -1) : value;
    });
}

function listTemplates(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(e => e.isFile())
        .map(e => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
        .sort();
}

/** The template files of a board's project: the common ones, with those of its generation's folder in their place. */
function templateFiles(board: BoardProfile): { template: string; from: string }[] {
    const files = new Map(listTemplates(TEMPLATE_DIR).map(template => [template, TEMPLATE_DIR]));
    const overlay = GENERATION_TEMPLATE_DIRS[board.generation];
    if (overlay !== undefined) for (const template of listTemplates(overlay)) files.set(template, overlay);
    return [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([template, from]) => ({ template, from }));
}

/**
 * Scaffolds a firmware project that depends on this toolkit. Everything is
 * checked and rendered before the first file is written, and an existing
 * non-empty folder is refused, so init never overwrites anything.
 */
export function initProject(options: InitOptions): InitResult {
    const dir = path.resolve(options.dir);
    const existing = statOrUndefined(dir);
    if (existing !== undefined) {
        if (!existing.isDirectory()) throw new UserError(`${options.dir} exists and is not a folder`);
        let entries: string[];
        try {
            entries = fs.readdirSync(dir);
        } catch (error) {
            throw fileError("read folder", options.dir, error);
        }
        if (entries.length > 0) {
            throw new UserError(`${options.dir} is not empty (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}): init only creates new projects; choose a new or empty folder`);
        }
    }
    const board = getBoard(options.board ?? DEFAULT_BOARD);
    const name = options.name ?? packageNameFor(dir);
    checkPackageName(name);
    if (options.toolkit?.trim() === "") throw new UserError("--toolkit must not be empty: give an npm spec such as luatos-ts@^0.1.0 or file:../luatos-ts");
    const toolkit = options.toolkit === undefined ? `file:${TOOLKIT_DIR}` : toolkitSpec(options.toolkit, dir);
    const values = { name, toolkit, board: board.name, config: declarationsOf(board).config, ...toolkitVersions() };

    const rendered = templateFiles(board).map(({ template, from }) => {
        const base = path.posix.basename(template);
        const target = path.posix.join(path.posix.dirname(template), RENAMED[base] ?? base).replace(/^\.\//, "");
        const text = fs.readFileSync(path.join(from, template), "utf8");
        return { target, text: render(text, values, template.endsWith(".json"), template) };
    });

    // The project folder first: an unwritable place fails here, before any file.
    makeFolder(dir, options.dir);
    for (const file of rendered) {
        const full = path.join(dir, file.target);
        makeFolder(path.dirname(full), path.join(options.dir, path.dirname(file.target)));
        writeNewFile(full, file.text, path.join(options.dir, file.target));
    }
    return { dir, name, board: board.name, files: rendered.map(f => f.target) };
}

export function registerInit(program: Command): void {
    program
        .command("init")
        .description("create a new firmware project that uses this toolkit (package.json, tsconfig.json, src/main.ts, a test, lint config)")
        .argument("<dir>", "folder for the project; created if missing, refused if not empty")
        .option("--name <name>", "package.json name, also the firmware's PROJECT (default: the folder's name)")
        .option("--toolkit <spec>", "how the project depends on luatos-ts: any npm spec, or a tarball made by `npm pack` (default: file:<this toolkit's folder>)")
        .option("-b, --board <name>", `the module the firmware is for: ${BOARD_NAMES.join(", ")}; sets the declarations, the npm scripts' --board and the template firmware's API (default: ${DEFAULT_BOARD})`)
        .addHelpText(
            "after",
            `
Exit codes: 0 created, 1 the folder is not empty or cannot be written, a name or board is
invalid or the --toolkit tarball is missing, 2 bad usage.

Examples:
  luatos-ts init my-firmware
  luatos-ts init my-firmware --toolkit file:../luatos-ts
  luatos-ts init my-firmware --board air8000
  luatos-ts init my-firmware --toolkit ./luatos-ts-0.1.0.tgz
  luatos-ts init fw --name air640w-logger --toolkit luatos-ts@^0.1.0`,
        )
        .action((dir: string, flags: { name?: string; toolkit?: string; board?: string }) =>
            runCommand(() => {
                const result = initProject({ dir, name: flags.name, toolkit: flags.toolkit, board: flags.board });
                const shown = path.relative(process.cwd(), result.dir) || ".";
                console.log(`created ${result.name} in ${shown}: ${result.files.join(", ")}`);
                console.log(`board: ${result.board} (${getBoard(result.board).generation} firmware; tsconfig.json extends ${declarationsOf(getBoard(result.board)).config})`);
                console.log("next:");
                if (shown !== ".") console.log(`  cd ${shown}`);
                console.log("  npm install");
                console.log("  npm start    build and run the firmware on the simulated device");
                console.log("  npm test     build, lint and test it");
            }),
        );
}
