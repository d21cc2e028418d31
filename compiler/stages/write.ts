import * as fs from "node:fs";
import * as path from "node:path";
import { BUILD_MARKER, BUILD_MARKER_TEXT, type BuildLayout } from "../../common/build-layout.js";
import { UserError } from "../../common/user-error.js";
import { looksLikeLuaDb } from "../../image/luadb.js";
import { fileList, type BuildFiles } from "./files.js";

/** Marks a staging folder as the build's own, so a build that died half-way can be cleared. */
const STAGING_MARKER = ".luatos-staging";

/** The build refuses to write: something that is not the build's is where its output goes. Nothing is touched then. */
export class OutputInTheWay extends UserError {}

/** A path relative to `cwd` when inside it, for messages. */
function shown(file: string, cwd: string): string {
    const relative = path.relative(cwd, file);
    return relative === "" || relative.startsWith("..") ? file : relative;
}

/**
 * Checks, before anything is written, that the build may replace what is
 * there: build/ is a folder (not a file), the Lua folder is empty or holds
 * the build's marker, and a staging folder left over from an interrupted
 * build is the build's own.
 */
export function checkWritable(layout: BuildLayout, cwd = process.cwd()): void {
    for (const dir of [layout.buildDir, layout.outDir]) {
        if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
            throw new OutputInTheWay(`${shown(dir, cwd)} is a file, but the build writes its output in a folder there; move the file away`);
        }
    }
    if (fs.existsSync(layout.outDir)) {
        const entries = fs.readdirSync(layout.outDir);
        if (entries.length > 0 && !entries.includes(BUILD_MARKER)) {
            throw new OutputInTheWay(`${shown(layout.outDir, cwd)} holds files this build did not write (no ${BUILD_MARKER} marker); move them away or choose another outDir`);
        }
    }
    if (fs.existsSync(layout.stagingDir)) {
        const ours = fs.statSync(layout.stagingDir).isDirectory() && (fs.readdirSync(layout.stagingDir).length === 0 || fs.existsSync(path.join(layout.stagingDir, STAGING_MARKER)));
        if (!ours) throw new OutputInTheWay(`${shown(layout.stagingDir, cwd)} is in the way: the build stages its output there; move it away`);
    }
}

/**
 * Write stage, first half: writes the Lua folder (with its marker) and the
 * script image into the staging folder beside build/. Files equal to those
 * of the current Lua folder are hard-linked from it, so an unchanged file
 * keeps its identity and modification time when the staging folder
 * replaces the old one.
 */
export function stageOutput(layout: BuildLayout, files: BuildFiles, image: Buffer, cwd = process.cwd()): void {
    checkWritable(layout, cwd);
    fs.rmSync(layout.stagingDir, { recursive: true, force: true });
    fs.mkdirSync(layout.stagedOutDir, { recursive: true });
    fs.writeFileSync(path.join(layout.stagingDir, STAGING_MARKER), "luatos-ts build output being written; removed when the build ends\n");
    fs.writeFileSync(path.join(layout.stagedOutDir, BUILD_MARKER), BUILD_MARKER_TEXT);
    for (const file of fileList(files)) {
        const target = path.join(layout.stagedOutDir, file.name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const current = path.join(layout.outDir, file.name);
        if (sameContent(current, file.data)) {
            try {
                fs.linkSync(current, target);
                continue;
            } catch {
                // No hard links on this file system: write a copy.
            }
        }
        fs.writeFileSync(target, file.data);
    }
    fs.writeFileSync(path.join(layout.stagingDir, path.basename(layout.imageFile)), image);
}

function sameContent(file: string, data: Buffer): boolean {
    try {
        const stat = fs.statSync(file);
        return stat.isFile() && stat.size === data.length && fs.readFileSync(file).equals(data);
    } catch {
        return false;
    }
}

/** Writes the size report into the staging folder (once per build, after the heap step). */
export function stageSizeReport(layout: BuildLayout, report: unknown): void {
    fs.writeFileSync(path.join(layout.stagingDir, path.basename(layout.sizeFile)), JSON.stringify(report, null, 2) + "\n");
}

/**
 * Write stage, second half: the staged Lua folder, image and size report
 * replace the build's (other files in build/ stay), and the staging folder
 * goes away.
 *
 * @param options.removeStaging false: the staging folder, now holding the
 *   replaced Lua folder, stays for the caller to remove with
 *   {@link removeStaging} once the build is reported (watch mode: the
 *   output is in place that much sooner). Any later build clears it too.
 */
export function commitOutput(layout: BuildLayout, options: { removeStaging?: boolean } = {}): void {
    fs.mkdirSync(layout.buildDir, { recursive: true });
    const old = path.join(layout.stagingDir, ".previous");
    if (fs.existsSync(layout.outDir)) fs.renameSync(layout.outDir, old);
    fs.mkdirSync(path.dirname(layout.outDir), { recursive: true });
    fs.renameSync(layout.stagedOutDir, layout.outDir);
    for (const target of [layout.imageFile, layout.sizeFile]) {
        const staged = path.join(layout.stagingDir, path.basename(target));
        if (fs.existsSync(staged)) fs.renameSync(staged, target);
    }
    if (options.removeStaging !== false) removeStaging(layout);
}

/** Removes what {@link commitOutput} left in the staging folder (the replaced output), if it is the build's own. */
export function removeStaging(layout: BuildLayout): void {
    if (fs.existsSync(path.join(layout.stagingDir, STAGING_MARKER))) fs.rmSync(layout.stagingDir, { recursive: true, force: true });
}

/**
 * After a failed build: the staging folder goes, and so does a
 * build/script.bin of an earlier build (only a LuaDB image is removed), so
 * `flash` cannot send an image of sources that no longer build.
 */
export function discardOutput(layout: BuildLayout, options: { keepImage?: boolean } = {}): void {
    if (fs.existsSync(path.join(layout.stagingDir, STAGING_MARKER))) fs.rmSync(layout.stagingDir, { recursive: true, force: true });
    if (options.keepImage === true) return;
    try {
        const stat = fs.statSync(layout.imageFile);
        if (stat.isFile() && looksLikeLuaDb(fs.readFileSync(layout.imageFile))) fs.rmSync(layout.imageFile);
    } catch {
        // No image: nothing to remove.
    }
}
