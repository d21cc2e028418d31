import * as fs from "node:fs";
import * as path from "node:path";
import { watch as watchFiles, type FSWatcher } from "chokidar";
import ts from "../common/typescript.js";
import { UserError } from "../common/user-error.js";
import { buildLayout, EXTRA_DIR } from "../common/build-layout.js";
import { BuildError, formatDiagnostic } from "./diagnostics.js";
import { buildWithoutHeap, prepareBuild, type BuildResult } from "./pipeline.js";
import type { PreviousCompile } from "./stages/compile.js";
import type { BuildFiles } from "./stages/files.js";
import { removeStaging } from "./stages/write.js";
import { IncrementalChecks } from "./incremental-checks.js";
import { findConfig, loadProject, programOptions, programRoots, type FirmwareProject } from "./project.js";
import { DEFAULT_BOARD, getBoard, type BoardProfile } from "../image/boards.js";
import { formatSizeReport } from "./size-report.js";

/** Rebuilds thrown away at the start of a session to warm the engine up (see WarmProgram.prime). */
export const PRIME_ROUNDS = 8;

export interface WatchOptions {
    /** Folder to run from; the config is looked up here. Default: cwd. */
    cwd?: string;
    /** Config file or folder (`--project`). Default: tstl.json, then tsconfig.json. */
    project?: string;
    /** Where the report lines go (builds, changes, errors). Default: nothing printed. */
    log?: (line: string) => void;
    /** Called after every build, good or bad. */
    onBuild?: (outcome: WatchBuild) => void;
    /** Board profile for the script image (`--board`). Default: air640w. */
    board?: string;
    /** Print the size table after the first build (`--quiet` turns it off). Default: true. */
    sizeReport?: boolean;
    /**
     * Quiet time after the last change before rebuilding, in ms: changes made
     * together (a checkout, "save all") build once. Default: 15 (an editor's
     * write-and-rename save is one change already: the file watcher merges it).
     */
    debounceMs?: number;
    /** Called after each warm-up rebuild at the start of a session (1, 2, ...); see {@link Watcher.primed}. */
    onWarmUp?: (round: number) => void;
}

/** One output file that a rebuild added, removed or changed. */
export interface OutputChange {
    /** Path relative to the Lua folder (`lib/conn.lua`). */
    name: string;
    kind: "added" | "removed" | "changed";
    /** Bytes before the rebuild (absent when added). */
    before?: number;
    /** Bytes after the rebuild (absent when removed). */
    after?: number;
}

/** What one build of a watch session did. */
export interface WatchBuild {
    /** 1 for the build at start, then 2, 3, ... */
    sequence: number;
    ok: boolean;
    /** Wall time of the build in milliseconds. */
    ms: number;
    /** Source or config files whose change caused the build (empty for the first). */
    trigger: string[];
    /** Output files that differ from the previous good build (empty for the first). */
    changes: OutputChange[];
    /** The build result when ok. */
    result?: BuildResult;
    /** The error text (diagnostics, one per line) when not ok. */
    error?: string;
    /** How many errors failed the build (diagnostics, or 1 for any other failure). */
    errorCount?: number;
    /** Warnings of a good build (`file:line:column - warning ...`). */
    warnings: string[];
    /** True when only the modules the change affects were transpiled again (the others' output was reused). */
    partial?: boolean;
}

/** A running watch session. */
export interface Watcher {
    /** Settles when the first build is done and the file watchers are ready. */
    readonly ready: Promise<void>;
    /** Settles when the session's warm-up rebuilds are over (done, stopped by a change, or none after a failed first build). */
    readonly primed: Promise<void>;
    /** Stops watching; no build starts after it resolves. */
    close(): Promise<void>;
}

/**
 * Keeps the TypeScript program warm between builds: source files that did
 * not change are handed back to the compiler as the same objects, so a
 * rebuild parses only what changed and reuses the previous program's
 * structure (module resolution, bound declaration files).
 */
class WarmProgram {
    private readonly files = new Map<string, ts.SourceFile>();
    private program: ts.Program | undefined;
    /** TypeScript's diagnostics kept per file between programs: a rebuild re-checks only the files an edit affects. */
    private builder: ts.SemanticDiagnosticsBuilderProgram | undefined;
    /** The compile output of the last good build, and the root files of its program. */
    private compiled: { files: BuildFiles; roots: string } | undefined;
    /** Files affected by the programs created since that build (`"all"`: every file). */
    private affected: Set<string> | "all" = "all";
    /** The toolkit's checks, kept per file between programs. */
    readonly checks = new IncrementalChecks();
    /** Texts parsed instead of the files' while priming, by normalized path. */
    private readonly standIns = new Map<string, string>();

    /** Forgets everything: the next program is created from scratch. */
    reset(): void {
        this.files.clear();
        this.program = undefined;
        this.builder = undefined;
        this.compiled = undefined;
        this.affected = "all";
        this.checks.reset();
    }

    /**
     * What the compile stage may reuse: the last good build's output and the
     * files affected since, when the program has the same files as then;
     * otherwise nothing (a full compile).
     */
    previousCompile(): PreviousCompile | undefined {
        const program = this.program;
        if (program === undefined || this.compiled === undefined || this.affected === "all") return undefined;
        if (rootsOf(program) !== this.compiled.roots) return undefined;
        const affected = [...this.affected].map(name => program.getSourceFile(name)).filter(f => f !== undefined);
        return { files: this.compiled.files, affected };
    }

    /** Keeps a good build's compile output as the base of the next compile. */
    compiledGood(files: BuildFiles): void {
        if (this.program === undefined) return;
        this.compiled = { files, roots: rootsOf(this.program) };
        this.affected = new Set();
    }

    /** A build that did not go through the compile stage as planned: the next compile is a full one. */
    forgetCompile(): void {
        this.affected = "all";
    }

    /** TypeScript's pre-emit diagnostics of the last program created, from the incremental state. */
    typeDiagnostics(): readonly ts.Diagnostic[] {
        const builder = this.builder;
        if (builder === undefined) return this.program === undefined ? [] : ts.getPreEmitDiagnostics(this.program);
        return [...builder.getConfigFileParsingDiagnostics(), ...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics(), ...builder.getSyntacticDiagnostics(), ...builder.getSemanticDiagnostics()];
    }

    /** Drops the parsed copy of a changed file. */
    invalidate(fileName: string): void {
        this.files.delete(normalize(fileName));
    }

    /**
     * Warms the JavaScript engine up for rebuilds with one rebuild whose
     * output is thrown away: the project's largest source file gets a
     * comment line `// round`, in memory only, and `rebuild` runs on the
     * program. The next real build reads the file from disk again.
     */
    prime(project: FirmwareProject, board: BoardProfile, round: number, rebuild: (program: ts.Program) => void): void {
        const program = this.program;
        if (program === undefined) return;
        const roots = new Set(program.getRootFileNames().map(normalize));
        const sources = program.getSourceFiles().filter(f => !f.isDeclarationFile && roots.has(normalize(f.fileName)));
        const target = sources.sort((a, b) => b.text.length - a.text.length)[0];
        if (target === undefined) return;
        const key = normalize(target.fileName);
        try {
            this.files.delete(key);
            this.standIns.set(key, `${target.text}\n// ${round}\n`);
            rebuild(this.create(project, board));
        } finally {
            this.standIns.clear();
            this.files.delete(key);
        }
    }

    create(project: FirmwareProject, board?: BoardProfile): ts.Program {
        const old = this.program;
        // Same options object as before (the config did not change), so the old program's structure can be reused.
        const options = old?.getCompilerOptions() ?? programOptions(project);
        // Source files carry a hash of their text as version: the incremental state compares them.
        const system = this.standIns.size === 0 ? ts.sys : { ...ts.sys, readFile: (name: string, encoding?: string) => this.standIns.get(normalize(name)) ?? ts.sys.readFile(name, encoding) };
        const base = ts.createIncrementalCompilerHost(options, system);
        const host: ts.CompilerHost = {
            ...base,
            getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
                const key = normalize(fileName);
                const cached = this.files.get(key);
                if (cached !== undefined) return cached;
                const file = base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
                if (file !== undefined) this.files.set(key, file);
                return file;
            },
        };
        this.program = ts.createProgram({ rootNames: programRoots(project, board), options, host, oldProgram: old, projectReferences: project.parsed.projectReferences });
        for (const file of this.program.getSourceFiles()) this.files.set(normalize(file.fileName), file);
        this.builder = ts.createSemanticDiagnosticsBuilderProgram(this.program, host, this.builder);
        this.collectAffected(this.builder);
        return this.program;
    }

    /**
     * Asks TypeScript which files this program affects: the changed files and
     * those that depend on a declaration that changed (their output may differ
     * too, e.g. an inlined const enum). Checking them here is work the type
     * check would do anyway; their diagnostics stay in the builder.
     */
    private collectAffected(builder: ts.SemanticDiagnosticsBuilderProgram): void {
        for (;;) {
            const next = builder.getSemanticDiagnosticsOfNextAffectedFile();
            if (next === undefined) return;
            const affected = next.affected;
            this.checks.affected("fileName" in affected ? affected.fileName : "all");
            if (this.affected === "all") continue;
            if ("fileName" in affected) this.affected.add(affected.fileName);
            else this.affected = "all";
        }
    }
}

/** The program's root files, as one comparable string. */
function rootsOf(program: ts.Program): string {
    return [...program.getRootFileNames()].map(normalize).sort().join("\n");
}

/** Whether a change can only affect TypeScript's output through the program (a source, not package.json or a config). */
function isSourceChange(file: string): boolean {
    return /\.tsx?$/.test(file) && !file.endsWith(".d.ts");
}

function normalize(fileName: string): string {
    return path.resolve(fileName).split(path.sep).join("/");
}

/** Config files whose change needs a fresh program: the config and every config it extends. */
function configFiles(project: FirmwareProject): string[] {
    const configFile = project.parsed.options.configFile as ts.TsConfigSourceFile | undefined;
    return [project.configPath, ...(configFile?.extendedSourceFiles ?? [])].map(f => path.resolve(f));
}

/** Files and folders a session watches: sources, the app's lib/, the configs and package.json. */
function watchedPaths(project: FirmwareProject): string[] {
    const projectDir = path.dirname(project.configPath);
    return [project.rootDir, path.join(projectDir, EXTRA_DIR), ...configFiles(project), path.join(projectDir, "package.json")];
}

/** Modification stamps of every file under `targets` (files or folders), to find changes a watcher missed. */
function snapshot(targets: Iterable<string>): Map<string, string> {
    const stamps = new Map<string, string>();
    const add = (file: string) => {
        try {
            const stat = fs.statSync(file);
            if (stat.isFile()) stamps.set(file, `${stat.mtimeMs}:${stat.size}`);
        } catch {
            // Deleted between listing and stat: absent from the snapshot, like any deleted file.
        }
    };
    for (const target of targets) {
        if (!fs.existsSync(target)) continue;
        if (!fs.statSync(target).isDirectory()) {
            add(target);
            continue;
        }
        for (const entry of fs.readdirSync(target, { recursive: true, withFileTypes: true })) {
            if (entry.isFile()) add(path.join(entry.parentPath, entry.name));
        }
    }
    return stamps;
}

/** Files whose stamp differs; files under targets that `before` did not cover (a newly watched config) do not count. */
function changedFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, covered: readonly string[]): string[] {
    const isCovered = (file: string) => covered.some(t => file === t || file.startsWith(t + path.sep));
    const changed = new Set<string>();
    for (const [file, stamp] of after) if (before.get(file) !== stamp && isCovered(file)) changed.add(file);
    for (const file of before.keys()) if (!after.has(file)) changed.add(file);
    return [...changed];
}

function outputsOf(result: BuildResult): Map<string, Buffer> {
    return new Map(result.files.filter(f => !f.name.endsWith(".map")).map(f => [f.name, f.data]));
}

/** Compares two builds' outputs (source maps aside: they change with their Lua file). */
export function diffOutputs(before: ReadonlyMap<string, Buffer>, after: ReadonlyMap<string, Buffer>): OutputChange[] {
    const changes: OutputChange[] = [];
    for (const [name, data] of after) {
        const old = before.get(name);
        if (old === undefined) changes.push({ name, kind: "added", after: data.length });
        else if (!old.equals(data)) changes.push({ name, kind: "changed", before: old.length, after: data.length });
    }
    for (const [name, data] of before) {
        if (!after.has(name)) changes.push({ name, kind: "removed", before: data.length });
    }
    return changes.sort((a, b) => a.name.localeCompare(b.name));
}

/** `main.lua 244 → 262 B (+18)`, `lib/conn.lua added (310 B)`, ... */
export function formatChange(change: OutputChange): string {
    switch (change.kind) {
        case "added":
            return `${change.name} added (${change.after} B)`;
        case "removed":
            return `${change.name} removed`;
        case "changed": {
            const before = change.before ?? 0;
            const after = change.after ?? 0;
            if (before === after) return `${change.name} changed (${after} B)`;
            const delta = after - before;
            return `${change.name} ${before} → ${after} B (${delta > 0 ? "+" : ""}${delta})`;
        }
    }
}

/**
 * Builds a firmware project, then rebuilds it whenever its sources, its
 * lib/ folder, its config (or a config it extends) or its package.json
 * change, reporting only what changed in the output. A failed build prints
 * its errors and leaves the previous output in place; watching goes on.
 *
 * Throws {@link UserError} at once only when there is no config to watch.
 */
export function watch(options: WatchOptions = {}): Watcher {
    const cwd = options.cwd ?? process.cwd();
    const log = options.log ?? (() => {});
    const debounceMs = options.debounceMs ?? 15;
    const configPath = findConfig(cwd, options.project);
    const warm = new WarmProgram();
    const rel = (file: string) => {
        const relative = path.relative(cwd, file);
        return relative === "" ? "." : relative.startsWith("..") ? file : relative;
    };

    let sequence = 0;
    let previous: Map<string, Buffer> | undefined;
    let watched = new Set<string>();
    let configs = new Set<string>([path.resolve(configPath)]);
    let pending = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let stamps: { files: Map<string, string>; targets: string[] } | undefined;
    const projectDir = path.dirname(path.resolve(configPath));
    const isExtraFile = (file: string) => path.resolve(file).startsWith(path.join(projectDir, EXTRA_DIR) + path.sep);
    const targets = () => (watched.size > 0 ? watched : [path.join(projectDir, "src"), path.join(projectDir, EXTRA_DIR), ...configs, path.join(projectDir, "package.json")]);

    const runBuild = (events: string[]): void => {
        const start = performance.now();
        sequence += 1;
        // The watcher's events say when to build; the stamps say what changed. chokidar drops a second
        // change to a file within 50 ms of the first, so events alone could leave a stale file in the program.
        const now = { targets: [...targets()], files: new Map<string, string>() };
        now.files = snapshot(now.targets);
        const trigger = [...new Set([...events, ...(stamps === undefined ? [] : changedFiles(stamps.files, now.files, stamps.targets))])].sort();
        stamps = now;
        const outcome: WatchBuild = { sequence, ok: false, ms: 0, trigger, changes: [], warnings: [] };
        let project: FirmwareProject | undefined;
        const firstGood = previous === undefined;
        try {
            if (trigger.some(f => configs.has(path.resolve(f)))) warm.reset();
            else for (const file of trigger) warm.invalidate(file);
            // package.json (main.lua's header) or a declaration file can change output the program's affected files do not cover.
            if (!trigger.every(f => isSourceChange(f) || isExtraFile(f))) warm.forgetCompile();
            project = loadProject(configPath);
            // The build's own report lines are replaced by the change report; the last good output stays on failure.
            // The replaced output is removed after the report (below), not before the output is in place.
            const buildOptions = { cwd, board: options.board, keepImageOnFailure: true, removeStaging: false };
            const ready = project;
            let compiled: BuildFiles | undefined;
            const result = buildWithoutHeap(buildOptions, () => {
                const prepared = prepareBuild(ready, warm.create(ready, getBoard(options.board ?? DEFAULT_BOARD)), buildOptions, () => warm.typeDiagnostics(), () => warm.previousCompile(), warm.checks);
                compiled = prepared.compiled;
                outcome.partial = prepared.compiledPartially;
                return prepared;
            });
            if (compiled !== undefined) warm.compiledGood(compiled);
            outcome.warnings = result.diagnostics.map(d => formatDiagnostic(d, cwd));
            const outputs = outputsOf(result);
            outcome.ok = true;
            outcome.result = result;
            outcome.changes = previous === undefined ? [] : diffOutputs(previous, outputs);
            previous = outputs;
        } catch (error) {
            // A bug in the toolkit must not end the session either; it is reported as one.
            outcome.error = error instanceof UserError ? error.message : `internal error (please report it): ${(error as Error)?.stack ?? String(error)}`;
            outcome.errorCount = error instanceof BuildError ? error.diagnostics.length : 1;
        }
        outcome.ms = Math.round(performance.now() - start);
        if (project !== undefined) {
            configs = new Set(configFiles(project));
            follow(watchedPaths(project));
        }
        report(outcome, firstGood);
        options.onBuild?.(outcome);
        if (project !== undefined) removeStaging(buildLayout(project.outDir));
        // A change made while building, or one the watcher dropped, still gets its build.
        setTimeout(settle, 75).unref();
    };

    const settle = (): void => {
        if (closed || timer !== undefined || stamps === undefined) return;
        for (const file of changedFiles(stamps.files, snapshot(targets()), stamps.targets)) onChange(file);
    };

    const report = (outcome: WatchBuild, firstGood: boolean): void => {
        const cause = outcome.trigger.length === 0 ? "" : `${outcome.trigger.map(rel).join(", ")} changed; `;
        if (!outcome.ok) {
            for (const line of (outcome.error ?? "").split("\n")) log(line);
            const count = outcome.errorCount ?? 1;
            log(`${cause}build failed in ${outcome.ms} ms${count > 1 ? ` (${count} errors)` : ""}; the previous output is kept, watching for changes`);
            return;
        }
        for (const warning of outcome.warnings) log(warning);
        const result = outcome.result as BuildResult;
        if (firstGood) {
            log(`built ${rel(result.project.outDir)} in ${outcome.ms} ms (${Object.keys(result.size.files).length} Lua files)`);
            if (options.sizeReport !== false) log(formatSizeReport(result.size));
            return;
        }
        const what = outcome.changes.length === 0 ? "no output changed" : outcome.changes.map(formatChange).join(", ");
        log(`${cause}rebuilt in ${outcome.ms} ms: ${what}`);
    };

    /**
     * While nothing changes after the first good build, warms the engine up
     * with {@link PRIME_ROUNDS} rebuilds thrown away, one per turn of the
     * event loop; a change or a build stops it. Without it the first ten
     * edits of a session take up to twice as long while the engine compiles
     * the checker's and the transformer's hot paths.
     */
    let primingDone: () => void = () => {};
    const primed = new Promise<void>(resolve => (primingDone = resolve));
    const prime = (round: number, atBuild: number): void => {
        if (closed || round > PRIME_ROUNDS || sequence !== atBuild || timer !== undefined) return primingDone();
        try {
            const project = loadProject(configPath);
            const buildOptions = { cwd, board: options.board };
            warm.prime(project, getBoard(options.board ?? DEFAULT_BOARD), round, program =>
                prepareBuild(project, program, buildOptions, () => warm.typeDiagnostics(), () => warm.previousCompile(), warm.checks),
            );
        } catch {
            // Priming only saves time; the builds report any real problem.
            return primingDone();
        }
        options.onWarmUp?.(round);
        setTimeout(() => prime(round + 1, atBuild), 0);
    };

    let fsWatcher: FSWatcher | undefined;
    // chokidar reports "ready" before it has scanned anything when one of its paths does not exist,
    // so a missing path (lib/ before it is created) is watched through its parent until it appears.
    const awaited = new Map<string, fs.FSWatcher>();
    const awaitCreation = (target: string): void => {
        const parent = path.dirname(target);
        if (awaited.has(target) || !fs.existsSync(parent)) return;
        const parentWatcher = fs.watch(parent, (_event, name) => {
            if (closed || String(name) !== path.basename(target) || !fs.existsSync(target)) return;
            parentWatcher.close();
            awaited.delete(target);
            fsWatcher?.add(target);
            onChange(target);
        });
        awaited.set(target, parentWatcher);
    };
    const follow = (paths: string[]): void => {
        const next = new Set(paths);
        if (fsWatcher === undefined) {
            watched = next;
            return;
        }
        for (const target of next) {
            if (watched.has(target)) continue;
            if (fs.existsSync(target)) fsWatcher.add(target);
            else awaitCreation(target);
        }
        for (const target of watched) {
            if (next.has(target)) continue;
            fsWatcher.unwatch(target);
            awaited.get(target)?.close();
            awaited.delete(target);
        }
        watched = next;
    };

    const onChange = (file: string): void => {
        if (closed) return;
        const base = path.basename(file);
        // Editors' swap and backup files are not sources.
        if (base.startsWith(".") || base.endsWith("~")) return;
        pending.add(path.resolve(file));
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(() => {
            timer = undefined;
            const trigger = [...pending].sort();
            pending = new Set();
            if (!closed) runBuild(trigger);
        }, debounceMs);
    };

    const ready = (async () => {
        runBuild([]);
        if (watched.size === 0) follow([path.join(projectDir, "src"), path.join(projectDir, EXTRA_DIR), ...configs]);
        fsWatcher = watchFiles([...watched].filter(p => fs.existsSync(p)), { ignoreInitial: true });
        for (const target of watched) if (!fs.existsSync(target)) awaitCreation(target);
        for (const event of ["add", "change", "unlink", "unlinkDir"] as const) {
            fsWatcher.on(event, onChange);
        }
        await new Promise<void>((resolve, reject) => {
            fsWatcher?.once("ready", resolve);
            fsWatcher?.once("error", reject);
        });
        if (closed) return;
        log(`watching ${[...watched].filter(p => fs.existsSync(p)).map(rel).join(", ")} for changes; Ctrl-C to stop`);
        if (previous !== undefined) prime(1, sequence);
        else primingDone();
    })();

    // A session that ends before it is ready primes nothing.
    ready.catch(() => primingDone());
    return {
        ready,
        primed,
        async close() {
            closed = true;
            primingDone();
            if (timer !== undefined) clearTimeout(timer);
            await ready.catch(() => {});
            for (const parentWatcher of awaited.values()) parentWatcher.close();
            awaited.clear();
            await fsWatcher?.close();
        },
    };
}
