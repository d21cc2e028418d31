/**
 * The one place tests look for the external tools they need (lua5.3,
 * luac5.3, busted, rb/sz, socat; the reference programs are
 * test/support/reference-programs.ts, on the same rule). When a
 * tool is missing, a test is skipped with a message naming the package to
 * install; under CI=true it fails instead, so a CI image without the tool
 * cannot pass by skipping.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** What a test context offers for skipping (vitest's TestContext has it). */
export interface SkipContext {
    skip: (note?: string) => never;
}

/** Whether this run is CI (CI=true), where missing tools fail tests instead of skipping them. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
    return env.CI === "true";
}

/** Whether `file` is an executable regular file. */
export function isExecutableFile(file: string): boolean {
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
export function skipOrFail(ctx: SkipContext, message: string): never {
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
