import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../common/user-error.js";
import type { LuaDbFile } from "./luadb.js";
import { makeFolder, writeNewFile } from "./user-files.js";

/** Where one image file will be written. */
export interface ExtractTarget {
    name: string;
    /** Absolute path inside the extraction folder. */
    path: string;
}

function isInside(root: string, candidate: string): boolean {
    const relative = path.relative(root, candidate);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * Why an image file name cannot be extracted safely (absolute, a `..`, `.` or
 * empty segment, a backslash, a drive letter), or undefined when it can.
 */
export function unsafeName(name: string): string | undefined {
    if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "it is an absolute path";
    if (name.includes("\\")) return "it contains a backslash";
    const segments = name.split("/");
    if (segments.some(s => s === "..")) return "it contains `..`";
    if (segments.some(s => s === "" || s === ".")) return "it has an empty or `.` path segment";
    return undefined;
}

/**
 * Decides where each name goes under `dir` and refuses, before anything is
 * written, any name that is absolute, has a `..`, `.` or empty segment, a
 * backslash or a drive letter, resolves outside `dir`, or would be written
 * through a symbolic link or over something that is not a regular file.
 */
export function planExtraction(dir: string, names: readonly string[]): ExtractTarget[] {
    const root = path.resolve(dir);
    const rootStat = statOrUndefined(root);
    if (rootStat !== undefined && !rootStat.isDirectory()) throw new UserError(`${dir} exists and is not a folder`);
    return names.map(name => {
        const refuse = (why: string): never => {
            throw new UserError(`refusing to extract "${name}": ${why}; nothing was written`);
        };
        const unsafe = unsafeName(name);
        if (unsafe !== undefined) refuse(unsafe);
        const segments = name.split("/");
        const target = path.resolve(root, ...segments);
        if (!isInside(root, target)) refuse(`it resolves outside ${dir}`);
        // Refuse to follow links that already exist on the way down.
        let walk = root;
        for (const segment of segments) {
            walk = path.join(walk, segment);
            const stat = statOrUndefined(walk);
            if (stat === undefined && !isSymlink(walk)) break;
            if (isSymlink(walk)) refuse(`${walk} is a symbolic link`);
            if (walk !== target && !stat!.isDirectory()) refuse(`${walk} is not a folder`);
            if (walk === target && !stat!.isFile()) refuse(`${walk} exists and is not a regular file`);
        }
        return { name, path: target };
    });
}

/** stat that answers undefined for a path that is not there or cannot be looked at. */
function statOrUndefined(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file);
    } catch {
        return undefined;
    }
}

function isSymlink(file: string): boolean {
    try {
        return fs.lstatSync(file).isSymbolicLink();
    } catch {
        return false;
    }
}

/**
 * Writes the files of a validated image under `dir` (created if missing);
 * returns the paths written. A folder that cannot be created or written is
 * a one-line {@link UserError}, raised before any file when `dir` itself is
 * the problem.
 */
export function extractFiles(files: readonly LuaDbFile[], dir: string): ExtractTarget[] {
    const targets = planExtraction(dir, files.map(f => f.name));
    makeFolder(dir);
    files.forEach((file, i) => {
        const target = targets[i]!;
        makeFolder(path.dirname(target.path));
        writeNewFile(target.path, file.data, path.join(dir, file.name));
    });
    return targets;
}
