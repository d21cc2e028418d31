import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../common/user-error.js";
import type { LuaDbFile } from "./luadb.js";

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
 * Decides where each name goes under `dir` and refuses, before anything is
 * written, any name that is absolute, has a `..`, `.` or empty segment, a
 * backslash or a drive letter, resolves outside `dir`, or would be written
 * through a symbolic link or over something that is not a regular file.
 */
export function planExtraction(dir: string, names: readonly string[]): ExtractTarget[] {
    const root = path.resolve(dir);
    if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) throw new UserError(`${dir} exists and is not a folder`);
    return names.map(name => {
        const refuse = (why: string): never => {
            throw new UserError(`refusing to extract "${name}": ${why}; nothing was written`);
        };
        if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) refuse("it is an absolute path");
        if (name.includes("\\")) refuse("it contains a backslash");
        const segments = name.split("/");
        if (segments.some(s => s === "..")) refuse("it contains `..`");
        if (segments.some(s => s === "" || s === ".")) refuse("it has an empty or `.` path segment");
        const target = path.resolve(root, ...segments);
        if (!isInside(root, target)) refuse(`it resolves outside ${dir}`);
        // Refuse to follow links that already exist on the way down.
        let walk = root;
        for (const segment of segments) {
            walk = path.join(walk, segment);
            if (!fs.existsSync(walk) && !isSymlink(walk)) break;
            if (isSymlink(walk)) refuse(`${walk} is a symbolic link`);
            if (walk !== target && !fs.statSync(walk).isDirectory()) refuse(`${walk} is not a folder`);
            if (walk === target && !fs.statSync(walk).isFile()) refuse(`${walk} exists and is not a regular file`);
        }
        return { name, path: target };
    });
}

function isSymlink(file: string): boolean {
    try {
        return fs.lstatSync(file).isSymbolicLink();
    } catch {
        return false;
    }
}

/** Writes the files of a validated image under `dir` (created if missing); returns the paths written. */
export function extractFiles(files: readonly LuaDbFile[], dir: string): ExtractTarget[] {
    const targets = planExtraction(dir, files.map(f => f.name));
    files.forEach((file, i) => {
        const target = targets[i]!;
        fs.mkdirSync(path.dirname(target.path), { recursive: true });
        fs.writeFileSync(target.path, file.data);
    });
    return targets;
}
