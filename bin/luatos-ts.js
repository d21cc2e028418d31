#!/usr/bin/env node
// The toolkit is written in TypeScript. `npm ci`/`npm install` compile it to
// dist/ (the prepare script); when that copy is current (built after every
// source file last changed) it runs directly, saving tsx's start-up
// transpile. Otherwise (an install from a folder, a source edited since)
// the sources run through tsx, so no compile step is ever required.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Folders compiled into dist/ (tsconfig.dist.json) and the files whose change makes it stale. */
const SOURCES = ["cli", "compiler", "runtime", "common", "image", "flash", "collector", "scripts", "lint", "lualibs"];
const STAMP = path.join(root, "dist", ".built");

function newestSource(dir, limit) {
    let entries;
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return false;
    }
    for (const entry of entries) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && newestSource(file, limit)) return true;
        } else if (/\.(ts|js)$/.test(entry.name)) {
            // A file removed since the listing (an editor's temporary file) is not a newer source.
            const stat = fs.statSync(file, { throwIfNoEntry: false });
            if (stat !== undefined && stat.mtimeMs > limit) return true;
        }
    }
    return false;
}

function distIsCurrent() {
    if (process.env.LUATOS_TS_SOURCE === "1") return false;
    let built;
    try {
        built = fs.statSync(STAMP).mtimeMs;
    } catch {
        return false;
    }
    return !SOURCES.some(dir => newestSource(path.join(root, dir), built));
}

if (distIsCurrent()) {
    await import(pathToFileURL(path.join(root, "dist", "cli", "main.js")).href);
} else {
    const { register } = await import("tsx/esm/api");
    register();
    await import("../cli/main.ts");
}
