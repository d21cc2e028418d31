/**
 * In-memory firmware programs for the blocking-call tests: snippets as
 * virtual files under a folder that does not exist, type-checked with
 * tstl.json's settings against types/index.d.ts, never written to disk.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "../../common/typescript.js";
import tstl from "../../common/typescript-to-lua.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TYPES_ENTRY = path.join(REPO_ROOT, "types", "index.d.ts");
/** Where virtual sources live; nothing exists there on disk. */
export const VIRTUAL_SRC = path.join(path.parse(REPO_ROOT).root, "__blocking_check__", "src");

let options: tstl.CompilerOptions | undefined;
function firmwareOptions(): tstl.CompilerOptions {
    if (options === undefined) {
        const parsed = tstl.parseConfigFileWithSystem(path.join(REPO_ROOT, "tstl.json"));
        if (parsed.errors.length > 0) throw new Error("tstl.json does not parse");
        options = { ...parsed.options, rootDir: VIRTUAL_SRC, outDir: path.join(VIRTUAL_SRC, "..", "out"), noEmit: true };
    }
    return options;
}

// lib and declaration files parse the same for every program: share them.
const shared = new Map<string, ts.SourceFile>();

/** A program of virtual files (path relative to src/ -> text), plus a lookup of its files by that path. */
export interface FirmwareProgram {
    program: ts.Program;
    /** Absolute virtual path of a file given relative to src/. */
    pathOf(name: string): string;
    sourceFile(name: string): ts.SourceFile;
    /** TypeScript's own errors, formatted, so a snippet that does not type-check fails loudly. */
    typeErrors(): string[];
}

export function createFirmwareProgram(files: Record<string, string>): FirmwareProgram {
    const opts = firmwareOptions();
    const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(VIRTUAL_SRC, name), text]));
    const base = ts.createCompilerHost(opts, true);
    const inVirtual = (p: string) => p.startsWith(path.dirname(VIRTUAL_SRC));
    const host: ts.CompilerHost = {
        ...base,
        fileExists: f => virtual.has(f) || (!inVirtual(f) && base.fileExists(f)),
        readFile: f => virtual.get(f) ?? (inVirtual(f) ? undefined : base.readFile(f)),
        directoryExists: d => inVirtual(d) || (base.directoryExists?.(d) ?? false),
        getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
            const text = virtual.get(fileName);
            if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
            let file = shared.get(fileName);
            if (file === undefined) {
                file = base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
                if (file !== undefined) shared.set(fileName, file);
            }
            return file;
        },
        writeFile: () => {},
    };
    const program = ts.createProgram({ rootNames: [TYPES_ENTRY, ...virtual.keys()], options: opts, host });
    const pathOf = (name: string) => path.join(VIRTUAL_SRC, name);
    return {
        program,
        pathOf,
        sourceFile(name) {
            const sf = program.getSourceFile(pathOf(name));
            if (sf === undefined) throw new Error(`no virtual file ${name}`);
            return sf;
        },
        typeErrors: () =>
            ts.getPreEmitDiagnostics(program)
                .filter(d => d.category === ts.DiagnosticCategory.Error)
                .map(d => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
    };
}
