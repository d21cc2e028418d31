import type { EmittedFile } from "../emit.js";

/**
 * A build's output held in memory: file name relative to the Lua folder
 * (`lib/conn.lua`, forward slashes) → bytes. Every stage takes and returns
 * these; only the write stage touches the disk.
 */
export type BuildFiles = ReadonlyMap<string, Buffer>;

/** The files as a list sorted by name (the order they are written and reported in). */
export function fileList(files: BuildFiles): EmittedFile[] {
    return [...files].map(([name, data]) => ({ name, data })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A file list as {@link BuildFiles}. */
export function buildFiles(list: Iterable<EmittedFile>): Map<string, Buffer> {
    return new Map([...list].map(f => [f.name, f.data]));
}
