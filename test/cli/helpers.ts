import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The toolkit's folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The CLI entry, run with plain node as `npx luatos-ts` does. */
export const BIN = path.join(ROOT, "bin", "luatos-ts.js");

/** A fresh temporary folder, removed by {@link removeTemp}. */
export function makeTemp(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `luatos-ts-${prefix}-`));
}

export function removeTemp(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes a small firmware project that extends the toolkit's tstl.json by
 * path (a project made by `init` extends it by package name instead).
 */
export function writeProject(dir: string, files: Record<string, string>): void {
    const all: Record<string, string> = {
        "tstl.json": JSON.stringify({ extends: path.join(ROOT, "tstl.json") }),
        "package.json": JSON.stringify({ name: "fixture", version: "1.2.3" }),
        ...files,
    };
    for (const [name, text] of Object.entries(all)) {
        const full = path.join(dir, name);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, text);
    }
}

export interface CliResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs `luatos-ts ARGS` to completion. */
export function runCli(args: string[], cwd: string, input?: string): CliResult {
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: "utf8", timeout: 240_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `luatos-ts ARGS` without blocking, so several runs can share the wait. */
export function runCliAsync(args: string[], cwd: string): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: 240_000 });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.on("error", reject);
        child.on("close", status => resolve({ status, stdout, stderr }));
    });
}

/** A CLI process that keeps running (build --watch), with helpers to wait for its output. */
export class CliProcess {
    readonly child;
    stdout = "";
    stderr = "";
    private readonly exited: Promise<number | null>;

    constructor(args: string[], cwd: string) {
        this.child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        this.child.stdout.setEncoding("utf8").on("data", (d: string) => (this.stdout += d));
        this.child.stderr.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
        this.exited = new Promise(resolve => this.child.on("exit", code => resolve(code)));
    }

    /** Resolves with the first match of `pattern` in stdout after `from`, or rejects after `ms`. */
    async waitFor(pattern: RegExp, ms = 30_000, from = 0): Promise<RegExpMatchArray> {
        const deadline = Date.now() + ms;
        for (;;) {
            const match = this.stdout.slice(from).match(pattern);
            if (match) return match;
            if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
            await new Promise(r => setTimeout(r, 25));
        }
    }

    exit(): Promise<number | null> {
        return this.exited;
    }

    kill(): void {
        if (this.child.exitCode === null) this.child.kill("SIGKILL");
    }
}
