import * as fs from "node:fs";
import * as path from "node:path";

/** The newest regular file under `target` (itself when it is a file), or undefined when there is none. */
function newestFile(target: string): { file: string; mtimeMs: number } | undefined {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch {
        return undefined;
    }
    if (stat.isFile()) return { file: target, mtimeMs: stat.mtimeMs };
    if (!stat.isDirectory()) return undefined;
    let newest: { file: string; mtimeMs: number } | undefined;
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(target, { recursive: true, withFileTypes: true });
    } catch {
        return undefined;
    }
    for (const entry of entries) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        try {
            const mtimeMs = fs.statSync(file).mtimeMs;
            if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
        } catch {
            // Removed while walking: not part of either side.
        }
    }
    return newest;
}

/**
 * A one-line warning when the project's `src/` was edited after the build
 * in `build` (a build folder such as build/lua, or an image file such as
 * build/script.bin) was made, so `flash` or `sim` would run older code than
 * the user sees; undefined when the build is current or either side is
 * missing. Paths in the message are relative to `projectDir`.
 */
export function staleBuildWarning(projectDir: string, build: string): string | undefined {
    const source = newestFile(path.join(projectDir, "src"));
    const built = newestFile(path.resolve(projectDir, build));
    if (source === undefined || built === undefined || source.mtimeMs <= built.mtimeMs) return undefined;
    const shown = (file: string) => path.relative(projectDir, file).split(path.sep).join("/") || ".";
    return `warning: ${shown(source.file)} changed after ${shown(path.resolve(projectDir, build))} was built; run \`npx luatos-ts build\` to use the latest source`;
}
