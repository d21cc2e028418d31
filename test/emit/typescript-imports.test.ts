/**
 * The toolkit loads TypeScript and TSTL with require() (common/typescript.js,
 * common/typescript-to-lua.js): an ESM value import of either package makes
 * Node scan its CommonJS for export names, about a second of CPU on every
 * build. Type-only imports are erased and cost nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The folders dist/ is compiled from, lualibs/ (the build imports its compiler) and the tests (each test file is a process of its own). */
const HOST_FOLDERS = ["cli", "compiler", "runtime", "common", "image", "flash", "collector", "lint", "lualibs", "test"];

/** A value import (not `import type`) of typescript or typescript-to-lua. */
const VALUE_IMPORT = /^import\s+(?!type\b)[^;]*?\bfrom\s+["'](typescript|typescript-to-lua)["']/gm;

function sources(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(entry => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !entry.parentPath.includes("node_modules"))
        .map(entry => path.join(entry.parentPath, entry.name));
}

describe("loading TypeScript", () => {
    it("no host module or test imports typescript or typescript-to-lua as an ES module value", () => {
        const offenders: string[] = [];
        for (const folder of HOST_FOLDERS) {
            for (const file of sources(path.join(ROOT, folder))) {
                for (const match of fs.readFileSync(file, "utf8").matchAll(VALUE_IMPORT)) offenders.push(`${path.relative(ROOT, file)}: ${match[0]}`);
            }
        }
        expect(offenders).toEqual([]);
    });
});
