import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watch, diffOutputs, formatChange, type WatchBuild, type Watcher } from "../../compiler/watch.js";
import { CliProcess, makeTemp, removeTemp, writeProject } from "./helpers.js";

const MAIN = `import { greet } from "./lib/greet";
sys.taskInit(() => {
    log.info("main", greet("device"));
});
sys.run();
`;
const GREET = `export function greet(this: void, who: string): string {
    return "hello " + who;
}
`;

/** Collects a watch session's builds and lets a test wait for the next one (an event, not a poll). */
class Session {
    readonly builds: WatchBuild[] = [];
    readonly lines: string[] = [];
    readonly watcher: Watcher;
    private readonly waiting: { count: number; resolve: (build: WatchBuild) => void }[] = [];

    constructor(cwd: string) {
        this.watcher = watch({
            cwd,
            log: line => this.lines.push(line),
            onBuild: b => {
                this.builds.push(b);
                for (const waiter of this.waiting.filter(w => w.count <= this.builds.length)) {
                    this.waiting.splice(this.waiting.indexOf(waiter), 1);
                    waiter.resolve(this.builds[waiter.count - 1] as WatchBuild);
                }
            },
            debounceMs: 20,
        });
    }

    /** Resolves with the `count`-th build when it happens (the test's own timeout bounds the wait). */
    next(count: number): Promise<WatchBuild> {
        if (this.builds.length >= count) return Promise.resolve(this.builds[count - 1] as WatchBuild);
        return new Promise(resolve => this.waiting.push({ count, resolve }));
    }
}

describe("build --watch", () => {
    let dir: string;
    let session: Session | undefined;

    beforeEach(() => {
        dir = makeTemp("watch");
        writeProject(dir, { "src/main.ts": MAIN, "src/lib/greet.ts": GREET });
    });
    afterEach(async () => {
        await session?.watcher.close();
        session = undefined;
        removeTemp(dir);
    });

    it("rebuilds a one-file edit, reporting only the Lua file that changed and the time it took", async () => {
        session = new Session(dir);
        await session.watcher.ready;
        const first = await session.next(1);
        expect(first.error).toBeUndefined();
        expect(first.ok).toBe(true);
        const mainBefore = fs.readFileSync(path.join(dir, "build/lua/main.lua"));
        const mainMtime = fs.statSync(path.join(dir, "build/lua/main.lua")).mtimeMs;

        fs.writeFileSync(path.join(dir, "src/lib/greet.ts"), GREET.replace('"hello "', '"good morning, "'));
        const second = await session.next(2);
        expect(second.ok).toBe(true);
        expect(second.trigger).toEqual([path.join(dir, "src/lib/greet.ts")]);
        expect(second.changes.map(c => `${c.name} ${c.kind}`)).toEqual(["lib/greet.lua changed"]);
        expect(fs.readFileSync(path.join(dir, "build/lua/lib/greet.lua"), "utf8")).toContain("good morning, ");
        // Unchanged output is not rewritten.
        expect(fs.readFileSync(path.join(dir, "build/lua/main.lua"))).toEqual(mainBefore);
        expect(fs.statSync(path.join(dir, "build/lua/main.lua")).mtimeMs).toBe(mainMtime);
        const line = session.lines.find(l => l.includes("rebuilt in"));
        expect(line).toMatch(/^src\/lib\/greet\.ts changed; rebuilt in \d+ ms: lib\/greet\.lua \d+ → \d+ B \(\+\d+\)$/);
        // The rebuild is measured (bench/watch-rebuild.ts prints the figures; timing is not asserted on a shared machine).
        expect(second.ms).toBeGreaterThanOrEqual(0);
    });

    it("keeps watching through a type error, prints it with file:line:column and keeps the previous output", async () => {
        session = new Session(dir);
        await session.watcher.ready;
        await session.next(1);
        const greetLua = fs.readFileSync(path.join(dir, "build/lua/lib/greet.lua"), "utf8");

        fs.writeFileSync(path.join(dir, "src/lib/greet.ts"), GREET.replace("return", "const n: number = who;\n    return"));
        const broken = await session.next(2);
        expect(broken.ok).toBe(false);
        expect(broken.error).toMatch(/^src\/lib\/greet\.ts:2:11 - error TS2322: Type 'string' is not assignable to type 'number'\./m);
        expect(session.lines.some(l => /^src\/lib\/greet\.ts changed; build failed in \d+ ms/.test(l))).toBe(true);
        expect(fs.readFileSync(path.join(dir, "build/lua/lib/greet.lua"), "utf8")).toBe(greetLua);

        fs.writeFileSync(path.join(dir, "src/lib/greet.ts"), GREET);
        const fixed = await session.next(3);
        expect(fixed.ok).toBe(true);
        // Compared with the last good build, nothing changed.
        expect(fixed.changes).toEqual([]);
        expect(session.lines.at(-1)).toMatch(/rebuilt in \d+ ms: no output changed$/);
    });

    it("follows new and deleted modules, lib/ files and config changes", async () => {
        session = new Session(dir);
        await session.watcher.ready;
        await session.next(1);

        fs.writeFileSync(path.join(dir, "src/lib/extra.ts"), "export const answer = 42;\n");
        const added = await session.next(2);
        expect(added.changes.map(c => `${c.name} ${c.kind}`)).toEqual(["lib/extra.lua added"]);
        expect(fs.existsSync(path.join(dir, "build/lua/lib/extra.lua"))).toBe(true);

        fs.rmSync(path.join(dir, "src/lib/extra.ts"));
        const removed = await session.next(3);
        expect(removed.changes.map(c => `${c.name} ${c.kind}`)).toEqual(["lib/extra.lua removed"]);
        expect(fs.existsSync(path.join(dir, "build/lua/lib/extra.lua"))).toBe(false);

        fs.mkdirSync(path.join(dir, "lib"));
        fs.writeFileSync(path.join(dir, "lib/data.txt"), "payload");
        const copied = await session.next(4);
        expect(copied.changes.map(c => `${c.name} ${c.kind}`)).toEqual(["data.txt added"]);

        // A config change starts from a fresh program: here the package version lands in main.lua.
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "fixture", version: "2.0.0" }));
        const versioned = await session.next(5);
        expect(versioned.changes.map(c => `${c.name} ${c.kind}`)).toEqual(["main.lua changed"]);
        expect(fs.readFileSync(path.join(dir, "build/lua/main.lua"), "utf8")).toContain('VERSION = "2.0.0"');
    });

    it("prints the build's warnings with each rebuild", async () => {
        session = new Session(dir);
        await session.watcher.ready;
        const first = await session.next(1);
        expect(first.warnings).toEqual([]);
        // A waiting function stored in a table: the build cannot tell whether it runs in a task.
        const stored = `export function pause(this: void): void {\n    sys.wait(10);\n}\nexport const actions = { pause };\n`;
        fs.writeFileSync(path.join(dir, "src/lib/actions.ts"), stored);
        const warned = await session.next(2);
        expect(warned.ok).toBe(true);
        expect(warned.warnings).toHaveLength(1);
        expect(warned.warnings[0]).toMatch(/^src\/lib\/actions\.ts:4:\d+ - warning LTS1002: /);
        const index = session.lines.indexOf(warned.warnings[0] as string);
        expect(index).toBeGreaterThan(0);
        expect(session.lines[index + 1]).toMatch(/^src\/lib\/actions\.ts changed; rebuilt in \d+ ms: lib\/actions\.lua added/);
    });

    it("describes output changes by size", () => {
        const before = new Map([
            ["a.lua", Buffer.from("12345")],
            ["b.lua", Buffer.from("xx")],
            ["c.lua", Buffer.from("same")],
        ]);
        const after = new Map([
            ["a.lua", Buffer.from("123")],
            ["b.lua", Buffer.from("yy")],
            ["c.lua", Buffer.from("same")],
            ["d.lua", Buffer.from("new!")],
        ]);
        expect(diffOutputs(before, after).map(formatChange)).toEqual(["a.lua 5 → 3 B (-2)", "b.lua changed (2 B)", "d.lua added (4 B)"]);
        expect(diffOutputs(after, before).map(formatChange)).toEqual(["a.lua 3 → 5 B (+2)", "b.lua changed (2 B)", "d.lua removed"]);
    });

    it("runs from the command line, reports a rebuild and exits 0 on Ctrl-C", async () => {
        const cli = new CliProcess(["build", "--watch"], dir);
        try {
            await cli.waitFor(/watching .* for changes; Ctrl-C to stop/);
            const from = cli.stdout.length;
            fs.appendFileSync(path.join(dir, "src/main.ts"), "\n// a comment changes no Lua\n");
            const match = await cli.waitFor(/src\/main\.ts changed; rebuilt in (\d+) ms: no output changed/, 30_000, from);
            expect(Number(match[1])).toBeGreaterThan(0);
            cli.child.kill("SIGINT");
            expect(await cli.exit()).toBe(0);
            expect(cli.stdout).toMatch(/stopped watching\n$/);
            expect(cli.stderr).toBe("");
        } finally {
            cli.kill();
        }
    });
});
