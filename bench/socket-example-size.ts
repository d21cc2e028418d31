/**
 * Size benchmark: the TypeScript port of 2021 socket document's example
 * (examples/socket-example/main.ts), built by the real build, against the
 * same program written by hand in Lua (examples/socket-example/handwritten.lua).
 *
 * Both are measured as code: comments removed, then each line trimmed,
 * runs of spaces and tabs outside string literals folded to one space, and
 * blank lines dropped. Line breaks are kept, one byte each, on both sides.
 *
 *     npx tsx bench/socket-example-size.ts
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "../compiler/build.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The example's folder. */
export const EXAMPLE_DIR = path.join(ROOT, "examples", "socket-example");

/**
 * Lua source reduced to its code: comments (`--` to the end of the line,
 * `--[[ ]]` and `--[==[ ]==]` blocks) removed, each line trimmed, runs of
 * blanks outside strings folded to one space, blank lines dropped. String
 * literals (quoted and long brackets) are kept byte for byte.
 */
export function luaCode(source: string): string {
    let out = "";
    let i = 0;
    const longBracket = (at: number): number => {
        // `[`, any number of `=`, `[`: returns the level, or -1.
        if (source[at] !== "[") return -1;
        let j = at + 1;
        while (source[j] === "=") j++;
        return source[j] === "[" ? j - at - 1 : -1;
    };
    const skipLong = (at: number, level: number): number => {
        const close = "]" + "=".repeat(level) + "]";
        const end = source.indexOf(close, at + level + 2);
        return end < 0 ? source.length : end + close.length;
    };
    while (i < source.length) {
        const c = source[i] ?? "";
        if (c === "-" && source[i + 1] === "-") {
            const level = longBracket(i + 2);
            if (level >= 0) i = skipLong(i + 2, level);
            else while (i < source.length && source[i] !== "\n") i++;
        } else if (c === '"' || c === "'") {
            let j = i + 1;
            while (j < source.length && source[j] !== c && source[j] !== "\n") j += source[j] === "\\" ? 2 : 1;
            out += source.slice(i, j + 1);
            i = j + 1;
        } else if (c === "[" && longBracket(i) >= 0) {
            const end = skipLong(i, longBracket(i));
            out += source.slice(i, end);
            i = end;
        } else if (c === " " || c === "\t" || c === "\r") {
            while (source[i] === " " || source[i] === "\t" || source[i] === "\r") i++;
            out += " ";
        } else {
            out += c;
            i++;
        }
    }
    return out
        .split("\n")
        .map(line => line.trim())
        .filter(line => line !== "")
        .join("\n");
}

export interface SizeComparison {
    /** main.lua as the build wrote it. */
    emitted: string;
    /** handwritten.lua as it is. */
    handwritten: string;
    /** Bytes of {@link luaCode} of each. */
    emittedBytes: number;
    handwrittenBytes: number;
    /** emittedBytes / handwrittenBytes. */
    ratio: number;
}

/** Builds the port as src/main.ts of a temporary project and compares it with the hand-written Lua. */
export function compareSocketExample(): SizeComparison {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-bench-"));
    try {
        fs.mkdirSync(path.join(dir, "src"));
        fs.copyFileSync(path.join(EXAMPLE_DIR, "main.ts"), path.join(dir, "src", "main.ts"));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: path.join(ROOT, "tstl.json") }));
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "socketdemo", version: "1.0.0" }));
        build({ cwd: dir });
        const emitted = fs.readFileSync(path.join(dir, "build", "lua", "main.lua"), "utf8");
        const handwritten = fs.readFileSync(path.join(EXAMPLE_DIR, "handwritten.lua"), "utf8");
        const emittedBytes = Buffer.byteLength(luaCode(emitted));
        const handwrittenBytes = Buffer.byteLength(luaCode(handwritten));
        return { emitted, handwritten, emittedBytes, handwrittenBytes, ratio: emittedBytes / handwrittenBytes };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
    const result = compareSocketExample();
    const verbose = process.argv.includes("--show");
    if (verbose) {
        console.log("--- emitted (code only)\n" + luaCode(result.emitted));
        console.log("--- hand-written (code only)\n" + luaCode(result.handwritten));
    }
    console.log(`socket example, Lua code bytes (comments, blank lines and indentation removed):`);
    console.log(`  emitted from TypeScript  ${String(result.emittedBytes).padStart(6)} B`);
    console.log(`  hand-written             ${String(result.handwrittenBytes).padStart(6)} B`);
    console.log(`  ratio                    ${result.ratio.toFixed(3)} (limit 1.100)`);
}
