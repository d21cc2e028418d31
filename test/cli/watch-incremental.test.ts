/**
 * Watch mode transpiles only the modules an edit affects and reuses the rest
 * of the previous output; after every kind of edit its output must be what a
 * cold build of the same sources writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildWithoutHeap } from "../../compiler/pipeline.js";
import { PRIME_ROUNDS, watch, type WatchBuild, type Watcher } from "../../compiler/watch.js";
import { makeTemp, removeTemp, writeProject } from "./helpers.js";

const CONFIG = `export const enum Settings { IntervalMs = 1000 }\nexport const NAME = "probe";\n`;
const GREET = `export function greet(this: void, who: string): string {\n    return "hello " + who;\n}\n`;
const MAIN = `import { Settings, NAME } from "./config";
import { greet } from "./lib/greet";
sys.taskInit(() => {
    while (true) {
        log.info(NAME, greet("device"));
        sys.wait(Settings.IntervalMs);
    }
});
sys.run();
`;

/** Every file of a build's Lua folder, by name. */
function luaFolder(dir: string): Record<string, string> {
    const root = path.join(dir, "build", "lua");
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) out[path.relative(root, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    }
    return out;
}

/** The Lua folder a cold build of the same sources writes. */
function coldBuild(dir: string): Record<string, string> {
    const copy = makeTemp("watch-cold");
    try {
        fs.cpSync(path.join(dir, "src"), path.join(copy, "src"), { recursive: true });
        for (const file of ["tstl.json", "package.json"]) fs.copyFileSync(path.join(dir, file), path.join(copy, file));
        buildWithoutHeap({ cwd: copy });
        return luaFolder(copy);
    } finally {
        removeTemp(copy);
    }
}

describe("build --watch, incremental compile", () => {
    let dir: string | undefined;
    let watcher: Watcher | undefined;
    afterEach(async () => {
        await watcher?.close();
        watcher = undefined;
        if (dir !== undefined) removeTemp(dir);
    });

    it("after body edits, declaration edits, a const enum change and TSTL's library coming and going, the output is a cold build's", async () => {
        const project = makeTemp("watch-incremental");
        dir = project;
        writeProject(project, { "src/main.ts": MAIN, "src/config.ts": CONFIG, "src/lib/greet.ts": GREET });
        const builds: WatchBuild[] = [];
        const waiters: (() => void)[] = [];
        watcher = watch({ cwd: project, debounceMs: 20, onBuild: b => { builds.push(b); waiters.splice(0).forEach(w => w()); } });
        await watcher.ready;
        const buildNumber = async (n: number) => {
            while (builds.length < n) await new Promise<void>(resolve => waiters.push(resolve));
            return builds[n - 1]!;
        };
        expect((await buildNumber(1)).ok).toBe(true);

        const edits: { what: string; file: string; text: string; partial: boolean }[] = [
            { what: "a function body", file: "src/lib/greet.ts", text: GREET.replace('"hello "', '"good morning, "'), partial: true },
            { what: "an exported declaration", file: "src/lib/greet.ts", text: GREET.replace('"hello "', '"hi "') + `export const extra = 2;\n`, partial: true },
            { what: "a const enum value inlined by main", file: "src/config.ts", text: CONFIG.replace("1000", "2500"), partial: true },
            { what: "code that needs TSTL's library", file: "src/lib/greet.ts", text: GREET + `export const parts = (s: string) => [s].map(x => x + "!");\n`, partial: false },
            { what: "the library's last user removed", file: "src/lib/greet.ts", text: GREET, partial: false },
        ];
        let n = 1;
        for (const edit of edits) {
            fs.writeFileSync(path.join(project, edit.file), edit.text);
            n += 1;
            const build = await buildNumber(n);
            expect(build.ok, `${edit.what}: ${build.error}`).toBe(true);
            expect(luaFolder(project), edit.what).toEqual(coldBuild(project));
            expect(build.partial, edit.what).toBe(edit.partial);
        }
        expect(luaFolder(project)["main.lua"]).toContain("2500");
    });

    it("warms up with rebuilds that write and report nothing, then builds edits of the warmed-up file as a cold build does", async () => {
        const project = makeTemp("watch-warm-up");
        dir = project;
        writeProject(project, { "src/main.ts": MAIN, "src/config.ts": CONFIG, "src/lib/greet.ts": GREET });
        const builds: WatchBuild[] = [];
        const rounds: number[] = [];
        const waiters: (() => void)[] = [];
        watcher = watch({ cwd: project, debounceMs: 20, onWarmUp: r => rounds.push(r), onBuild: b => { builds.push(b); waiters.splice(0).forEach(w => w()); } });
        await watcher.ready;
        const before = luaFolder(project);
        const buildFolder = () => fs.readdirSync(path.join(project, "build")).sort();
        const entries = buildFolder();
        await watcher.primed;
        // Nothing changed, so every round ran; none reported a build or touched build/.
        expect(rounds).toEqual(Array.from({ length: PRIME_ROUNDS }, (_, i) => i + 1));
        expect(builds).toHaveLength(1);
        expect(luaFolder(project)).toEqual(before);
        expect(buildFolder()).toEqual(entries);

        // main.ts is the largest module, the one the warm-up gave a comment line in memory: the disk's text is what counts.
        const buildNumber = async (n: number) => {
            while (builds.length < n) await new Promise<void>(resolve => waiters.push(resolve));
            return builds[n - 1]!;
        };
        fs.writeFileSync(path.join(project, "src/main.ts"), MAIN.replace('greet("device")', 'greet("module")'));
        const edited = await buildNumber(2);
        expect(edited.ok, edited.error).toBe(true);
        expect(edited.partial).toBe(true);
        expect(luaFolder(project)).toEqual(coldBuild(project));
        expect(luaFolder(project)["main.lua"]).toContain('"module"');
        fs.writeFileSync(path.join(project, "src/main.ts"), MAIN.replace("sys.wait(Settings.IntervalMs);", "sys.wait(NAME);"));
        const broken = await buildNumber(3);
        expect(broken.ok).toBe(false);
        expect(broken.error).toMatch(/src\/main\.ts:6:18 - error TS2345/);
    });

    it("reports a wait added to a callee only at the callback that reaches it through an unchanged module", async () => {
        const project = makeTemp("watch-callee");
        dir = project;
        const quiet = `export function step(this: void): void {\n    log.info("step", "once");\n}\n`;
        writeProject(project, {
            "src/main.ts": `import { relay } from "./lib/relay";\nsys.subscribe("TICK", () => {\n    relay();\n});\nsys.taskInit(() => { relay(); });\nsys.run();\n`,
            "src/lib/relay.ts": `import { step } from "./step";\nexport function relay(this: void): void {\n    step();\n}\n`,
            "src/lib/step.ts": quiet,
        });
        const builds: WatchBuild[] = [];
        const waiters: (() => void)[] = [];
        watcher = watch({ cwd: project, debounceMs: 20, onBuild: b => { builds.push(b); waiters.splice(0).forEach(w => w()); } });
        await watcher.ready;
        const buildNumber = async (n: number) => {
            while (builds.length < n) await new Promise<void>(resolve => waiters.push(resolve));
            return builds[n - 1]!;
        };
        expect((await buildNumber(1)).ok).toBe(true);
        const edits = [
            { text: `${quiet}// a comment\n`, error: undefined },
            { text: quiet.replace(`log.info("step", "once");`, `log.info("step", "once");\n    sys.wait(10);`), error: /main\.ts:3:5 - error LTS1001: relay\(\) blocks \(it calls step\(\) → sys\.wait\(\)\), but this sys\.subscribe\("TICK"\) callback/ },
            { text: quiet, error: undefined },
        ];
        let n = 1;
        for (const edit of edits) {
            fs.writeFileSync(path.join(project, "src/lib/step.ts"), edit.text);
            n += 1;
            const build = await buildNumber(n);
            // The replaced output is removed once the build is reported.
            expect(fs.existsSync(path.join(project, ".build.staging"))).toBe(false);
            if (edit.error === undefined) {
                expect(build.ok, build.error).toBe(true);
            } else {
                expect(build.ok).toBe(false);
                expect(build.error).toMatch(edit.error);
            }
        }
    });
});
