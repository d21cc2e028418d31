/**
 * The one place tests look for the external tools they need (lua5.3,
 * luac5.3, busted, rb/sz, socat, the reference firmware binaries). When a
 * tool is missing, a test is skipped with a message naming the package to
 * install; under CI=true it fails instead, so a CI image without the tool
 * cannot pass by skipping.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's folder. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What a test context offers for skipping (vitest's TestContext has it). */
export interface SkipContext {
    skip: (note?: string) => never;
}

/** Whether this run is CI (CI=true), where missing tools fail tests instead of skipping them. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
    return env.CI === "true";
}

function isExecutableFile(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

/** Absolute path of `name` on PATH (or `name` itself when it is a path), or undefined. */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (name.includes("/")) return isExecutableFile(name) ? path.resolve(name) : undefined;
    for (const dir of (env.PATH ?? "").split(path.delimiter)) {
        if (dir !== "" && isExecutableFile(path.join(dir, name))) return path.join(dir, name);
    }
    return undefined;
}

/** How to get a missing tool: the Debian package, e.g. `apt-get install -y lrzsz`. */
export function installLine(aptPackage: string): string {
    return `apt-get install -y ${aptPackage}`;
}

/** A tool a test needs and the Debian package that provides it. */
export interface Tool {
    name: string;
    aptPackage: string;
}

export const LUA = { name: "lua5.3", aptPackage: "lua5.3" } as const satisfies Tool;
export const LUAC = { name: "luac5.3", aptPackage: "lua5.3" } as const satisfies Tool;
export const BUSTED = { name: "busted", aptPackage: "lua-busted" } as const satisfies Tool;
export const RB = { name: "rb", aptPackage: "lrzsz" } as const satisfies Tool;
export const SZ = { name: "sz", aptPackage: "lrzsz" } as const satisfies Tool;
export const SOCAT = { name: "socat", aptPackage: "socat" } as const satisfies Tool;

/** The message for missing tools, or undefined when all are present. */
export function missingToolsMessage(tools: readonly Tool[], env: NodeJS.ProcessEnv = process.env): string | undefined {
    const missing = tools.filter(tool => findTool(tool.name, env) === undefined);
    if (missing.length === 0) return undefined;
    const packages = [...new Set(missing.map(tool => tool.aptPackage))].join(" ");
    return `${missing.map(tool => tool.name).join(" and ")} not found; install with: ${installLine(packages)}`;
}

/** Skips the test (outside CI) or throws (CI=true) with `message`. */
function skipOrFail(ctx: SkipContext, message: string): never {
    if (inCi()) throw new Error(`${message} (CI=true: tests that need it must run, not skip)`);
    return ctx.skip(message);
}

/**
 * For a test that needs `name`: returns its path, or skips the test naming
 * the package to install; under CI=true a missing tool fails the test.
 */
export function requireTool(ctx: SkipContext, name: string, aptPackage: string): string {
    return requireTools(ctx, [{ name, aptPackage }])[0]!;
}

/** {@link requireTool} for several tools at once; returns their paths in order. */
export function requireTools(ctx: SkipContext, tools: readonly Tool[]): string[] {
    const message = missingToolsMessage(tools);
    if (message !== undefined) skipOrFail(ctx, message);
    return tools.map(tool => findTool(tool.name)!);
}

/** The reference firmware builds for Linux: name, and the environment variable that overrides where it is. */
export const REFERENCE_BINARIES = { luatos2021: "LUATOS2021", "luatos-pc": "LUATOS_PC" } as const;

/** Path of a reference binary: `$LUATOS2021`/`$LUATOS_PC`, else ../shared/luatos/bin/<name> beside the checkout; undefined when missing. */
export function findReferenceBinary(name: keyof typeof REFERENCE_BINARIES, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const override = env[REFERENCE_BINARIES[name]];
    const candidate = override !== undefined && override !== "" ? override : path.resolve(ROOT, "..", "shared", "luatos", "bin", name);
    return isExecutableFile(candidate) ? path.resolve(candidate) : undefined;
}

/** For a test that needs a reference binary: its path, else a skip (or a failure under CI=true) saying where it is looked for. */
export function requireReferenceBinary(ctx: SkipContext, name: keyof typeof REFERENCE_BINARIES): string {
    const found = findReferenceBinary(name);
    if (found !== undefined) return found;
    return skipOrFail(ctx, `${name} not found; set $${REFERENCE_BINARIES[name]} to its path or put it at ../shared/luatos/bin/${name} beside the checkout`);
}
