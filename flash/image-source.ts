import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../common/user-error.js";
import { packBuild } from "../image/pack.js";
import { readInputFile } from "../image/user-files.js";

/** The image a flash sends and where it came from. */
export interface FlashImage {
    bytes: Buffer;
    /** For messages: a path, or "build/lua (packed in memory)". */
    source: string;
    /** Absolute path of the file or build folder the bytes come from. */
    path: string;
}

/** Newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
    return newest;
}

/**
 * Chooses the image to flash. An explicit `image` path must exist. Without
 * one: build/script.bin when it is at least as new as every file in
 * build/lua (or build/lua is absent); otherwise build/lua packed in memory
 * for `board`, so a `build` that was not followed by `pack` still flashes
 * what was just compiled. Nothing at all is a UserError saying what to run.
 */
export function resolveFlashImage(options: { image?: string; cwd?: string; board: string }): FlashImage {
    const cwd = options.cwd ?? process.cwd();
    if (options.image !== undefined) {
        const file = path.resolve(cwd, options.image);
        return { bytes: readInputFile(file, "image", options.image), source: options.image, path: file };
    }
    const scriptBin = path.join(cwd, "build", "script.bin");
    const luaDir = path.join(cwd, "build", "lua");
    const haveBin = fs.existsSync(scriptBin);
    const haveLua = fs.existsSync(luaDir) && fs.statSync(luaDir).isDirectory();
    if (haveBin && (!haveLua || fs.statSync(scriptBin).mtimeMs >= newestMtime(luaDir))) {
        return { bytes: readInputFile(scriptBin, "image", "build/script.bin"), source: "build/script.bin", path: scriptBin };
    }
    if (haveLua) {
        const packed = packBuild(luaDir, { board: options.board });
        return { bytes: packed.image, source: haveBin ? "build/lua (packed in memory; build/script.bin is older)" : "build/lua (packed in memory)", path: luaDir };
    }
    throw new UserError("nothing to flash: neither build/script.bin nor build/lua exists; run `npx luatos-ts build` first or pass --image");
}
