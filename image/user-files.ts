import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../common/user-error.js";

/**
 * Reading the user's input files and writing the outputs they name, with
 * every failure of the file system turned into one line that names the path
 * and what is wrong, so the CLI never prints a Node stack for a bad path.
 */

/** Node reads at most 2 GiB - 1 into one buffer; larger inputs are refused before reading. */
export const MAX_INPUT_BYTES = 2 ** 31 - 1;

const REASONS: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    ENOTDIR: "a part of the path is a file, not a folder",
    EISDIR: "it is a folder",
    EEXIST: "it already exists",
    ENOENT: "no such file or folder",
    ENAMETOOLONG: "the name is too long",
    ELOOP: "too many symbolic links",
    EINVAL: "the file system does not accept it",
    EIO: "input/output error",
};

/** One line for a file system error: `cannot write out.bin: permission denied`. */
export function fileError(action: string, shown: string, error: unknown): UserError {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const reason = (code !== undefined && REASONS[code]) || (error as Error)?.message || String(error);
    return new UserError(`cannot ${action} ${shown}: ${reason}${code !== undefined && REASONS[code] ? ` (${code})` : ""}`);
}

/** lstat that answers undefined for a path that is not there (or cannot be looked at). */
function lstatOrUndefined(file: string): fs.Stats | undefined {
    try {
        return fs.lstatSync(file);
    } catch {
        return undefined;
    }
}

/**
 * Reads an input file whole. Missing, a folder, unreadable or over 2 GiB:
 * a {@link UserError} naming it as `what` (e.g. "image").
 */
export function readInputFile(file: string, what: string, shown = file): Buffer {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(file);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") throw new UserError(`${what} ${shown} does not exist`);
        throw fileError(`read ${what}`, shown, error);
    }
    if (stat.isDirectory()) throw new UserError(`${what} ${shown} is a folder, not a file`);
    if (!stat.isFile()) throw new UserError(`${what} ${shown} is not a regular file`);
    if (stat.size > MAX_INPUT_BYTES) {
        throw new UserError(`${what} ${shown} is ${(stat.size / 2 ** 30).toFixed(1)} GiB (${stat.size} bytes); files over 2 GiB are not read`);
    }
    try {
        return fs.readFileSync(file);
    } catch (error) {
        throw fileError(`read ${what}`, shown, error);
    }
}

/**
 * Creates `dir` and its missing parents, one level at a time. Unlike
 * `mkdirSync(dir, { recursive: true })`, it never loops: Node's recursive
 * mkdir retries forever where the parent exists but refuses new entries with
 * ENOENT (procfs, /proc/nope). Any failure is a one-line {@link UserError}.
 */
export function makeFolder(dir: string, shown = dir): void {
    const target = path.resolve(dir);
    const missing: string[] = [];
    let walk = target;
    for (;;) {
        const stat = lstatOrUndefined(walk);
        if (stat !== undefined) {
            // A symbolic link to a folder is fine as an existing ancestor.
            let isDir = stat.isDirectory();
            if (stat.isSymbolicLink()) {
                try {
                    isDir = fs.statSync(walk).isDirectory();
                } catch {
                    isDir = false;
                }
            }
            if (!isDir) throw new UserError(`cannot create folder ${shown}: ${walk} is not a folder`);
            break;
        }
        missing.unshift(walk);
        const parent = path.dirname(walk);
        if (parent === walk) break;
        walk = parent;
    }
    for (const level of missing) {
        try {
            fs.mkdirSync(level);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "EEXIST" && lstatOrUndefined(level)?.isDirectory()) continue;
            const where = level === target ? shown : `${shown} (at ${level})`;
            // ENOENT when the parent exists: a special file system (procfs) that takes no new folders.
            if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UserError(`cannot create folder ${where}: the file system there does not allow it`);
            throw fileError("create folder", where, error);
        }
    }
}

/**
 * Writes `data` to `file` through a temporary file in the same folder and a
 * rename, so a failed write leaves the old file as it was. The folder is
 * created when missing. Failures are one-line {@link UserError}s.
 */
export function writeOutputFile(file: string, data: Uint8Array | string, shown = file): void {
    makeFolder(path.dirname(path.resolve(file)), path.dirname(shown) || ".");
    const temporary = `${file}.tmp-${process.pid}`;
    try {
        fs.writeFileSync(temporary, data);
        fs.renameSync(temporary, file);
    } catch (error) {
        try {
            fs.rmSync(temporary, { force: true });
        } catch {
            // Nothing was created.
        }
        throw fileError("write", shown, error);
    }
}

/** Writes `data` to `file` directly (for files that are new), with one-line errors. */
export function writeNewFile(file: string, data: Uint8Array | string, shown = file): void {
    try {
        fs.writeFileSync(file, data);
    } catch (error) {
        throw fileError("write", shown, error);
    }
}
