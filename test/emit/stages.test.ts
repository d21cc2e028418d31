/**
 * The build as stages and what it does with bad input: the pack stage
 * against `luatos-ts pack`, output staged beside build/ and moved into
 * place only on success, a failed build leaving no image to flash, a
 * config that does not parse, build/ being a file, and the heap step on
 * firmware that loops, prints without end or crashes at boot.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildLayout } from "../../common/build-layout.js";
import { UserError } from "../../common/user-error.js";
import { build, buildFirmware } from "../../compiler/build.js";
import { BuildError } from "../../compiler/diagnostics.js";
import { measureFootprint } from "../../compiler/native-heap.js";
import { findConfig, loadProject } from "../../compiler/project.js";
import { buildFiles } from "../../compiler/stages/files.js";
import { pack } from "../../compiler/stages/pack.js";
import { compileStdlib } from "../../compiler/stdlib.js";
import { findExecutable } from "../../common/find-executable.js";
import { getBoard } from "../../image/boards.js";
import { packBuild } from "../../image/pack.js";
import { removeTempProjects, runCli, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

const GOOD = `import { twice } from "./lib/twice";\nsys.taskInit(() => {\n    log.info("main", twice(21));\n});\nsys.run();\n`;
const TWICE = `export function twice(this: void, n: number): number {\n    return n * 2;\n}\n`;

/** Every file of a folder with its bytes, by relative path. */
function snapshot(dir: string): Record<string, string> {
    const found: Record<string, string> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const full = path.join(entry.parentPath, entry.name);
        found[path.relative(dir, full)] = fs.readFileSync(full, "base64");
    }
    return found;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
    const outcome = await promise.then(
        () => undefined,
        (error: unknown) => error,
    );
    if (!(outcome instanceof Error)) throw new Error("the build succeeded");
    return outcome;
}

describe("pack stage", () => {
    it("packs from memory the same image `luatos-ts pack` packs from the written folder, for every board", () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD, "src/lib/twice.ts": TWICE, "lib/data.txt": "payload" });
        const result = build({ cwd: dir });
        const files = buildFiles(result.files);
        for (const board of ["air640w", "air101", "esp32"]) {
            const fromMemory = pack(files, getBoard(board));
            const fromDisk = packBuild(path.join(dir, "build", "lua"), { board, allowOversize: true });
            expect(fromMemory.image.equals(fromDisk.image)).toBe(true);
            expect(fromMemory.entries).toEqual(fromDisk.entries);
        }
        expect(fs.readFileSync(path.join(dir, "build", "script.bin")).equals(result.image.image)).toBe(true);
    });

    it("refuses names the device could not use, naming them", () => {
        const files = buildFiles([...compileStdlib(), { name: "main.lua", data: Buffer.from("sys.run()\n") }, { name: "data/nested.txt", data: Buffer.from("x") }]);
        expect(() => pack(files, getBoard("air640w"))).toThrow(/these data files cannot keep their path: data\/nested\.txt/);
    });
});

describe("writing the output", () => {
    it("stages the output beside build/ and leaves no staging folder; unchanged files keep their identity", () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD, "src/lib/twice.ts": TWICE });
        build({ cwd: dir });
        const layout = buildLayout(path.join(dir, "build", "lua"));
        const before = fs.statSync(path.join(layout.outDir, "main.lua"));
        fs.writeFileSync(path.join(dir, "src/lib/twice.ts"), TWICE.replace("n * 2", "n * 3"));
        build({ cwd: dir });
        expect(fs.existsSync(layout.stagingDir)).toBe(false);
        expect(fs.readdirSync(dir).sort()).toEqual(["build", "package.json", "src", "tsconfig.json"]);
        expect(fs.statSync(path.join(layout.outDir, "main.lua")).ino).toBe(before.ino);
        expect(fs.readFileSync(path.join(layout.outDir, "lib/twice.lua"), "utf8")).toContain("n * 3");
    });

    it("a failed build leaves the previous Lua folder as it was and removes build/script.bin, so flash has nothing stale to send", () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD, "src/lib/twice.ts": TWICE });
        build({ cwd: dir });
        const lua = snapshot(path.join(dir, "build", "lua"));
        fs.writeFileSync(path.join(dir, "src/lib/twice.ts"), TWICE.replace("return n * 2;", 'return "two";'));
        expect(() => build({ cwd: dir })).toThrow(BuildError);
        expect(snapshot(path.join(dir, "build", "lua"))).toEqual(lua);
        expect(fs.existsSync(path.join(dir, "build", "script.bin"))).toBe(false);
        expect(fs.existsSync(buildLayout(path.join(dir, "build", "lua")).stagingDir)).toBe(false);
    });

    it("refuses with one line, touching nothing, when ./build is a file", () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD, "src/lib/twice.ts": TWICE, build: "not a folder" });
        expect(() => build({ cwd: dir })).toThrow(/^build is a file, but the build writes its output in a folder there; move the file away$/);
        expect(fs.readFileSync(path.join(dir, "build"), "utf8")).toBe("not a folder");
    });

    it("refuses a staging folder that is not the build's", () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD, "src/lib/twice.ts": TWICE, ".build.staging/mine.txt": "keep" });
        expect(() => build({ cwd: dir })).toThrow(/\.build\.staging is in the way/);
        expect(fs.readFileSync(path.join(dir, ".build.staging/mine.txt"), "utf8")).toBe("keep");
    });
});

describe("bad configs", () => {
    it("a tstl.json or tsconfig.json that is not JSON is one line with its location", () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD });
        fs.writeFileSync(path.join(dir, "tsconfig.json"), '{ "extends": ');
        expect(() => loadProject(findConfig(dir))).toThrow(UserError);
        expect(() => loadProject(findConfig(dir))).toThrow(/tsconfig\.json:1:13: not valid JSON: Expression expected\.$/);
    });

    it("the CLI exits 1 with one line for a broken config and for ./build being a file", async () => {
        const broken = writeFirmwareProject({ "src/main.ts": GOOD });
        fs.writeFileSync(path.join(broken, "tsconfig.json"), '{ "compilerOptions": { "strict": true ');
        const asFile = writeFirmwareProject({ "src/main.ts": GOOD, build: "x" });
        const [a, b] = await Promise.all([runCli(["build"], broken), runCli(["build"], asFile)]);
        expect(a.code).toBe(1);
        expect(a.stderr).toMatch(/^luatos-ts: tsconfig\.json:1:\d+: not valid JSON: .+\n$/);
        expect(b.code).toBe(1);
        expect(b.stderr).toBe("luatos-ts: build is a file, but the build writes its output in a folder there; move the file away\n");
    });
});

describe("heap step on troublesome firmware", () => {
    it("fails a firmware that never yields with the watchdog's message at its TypeScript line, within seconds, keeping the previous output", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": GOOD, "src/lib/twice.ts": TWICE });
        build({ cwd: dir });
        const lua = snapshot(path.join(dir, "build", "lua"));
        fs.writeFileSync(path.join(dir, "src/main.ts"), `sys.taskInit(() => {\n    let n = 0;\n    while (true) {\n        n = n + 1;\n    }\n});\nsys.run();\n`);
        const error = await failure(buildFirmware({ cwd: dir, lua: false }));
        expect(error).toBeInstanceOf(BuildError);
        expect(error.message).toMatch(/^error LTS2003: the firmware failed within 10 s of boot on the simulated device, so its heap cannot be measured: src\/main\.ts:4: watchdog: /);
        expect(snapshot(path.join(dir, "build", "lua"))).toEqual(lua);
        expect(fs.existsSync(path.join(dir, "build", "script.bin"))).toBe(false);
    });

    it("fails a firmware that crashes at boot with the error mapped to TypeScript", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": `const table: { a?: { b: number } } = {};\nlog.info("x", table.a!.b);\nsys.run();\n` });
        const error = await failure(buildFirmware({ cwd: dir, lua: false }));
        expect(error.message).toMatch(/^error LTS2003: .*: src\/main\.ts:2 \(\/?main\.lua:\d+\): attempt to index a nil value/);
        expect(fs.existsSync(path.join(dir, "build"))).toBe(false);
    });

    it("builds a firmware that prints thousands of lines, native lua5.3 included", async () => {
        const dir = writeFirmwareProject({
            "src/main.ts": `sys.taskInit(() => {\n    for (let i = 0; i < 20000; i++) print("chatty line " + i);\n    for (let i = 0; i < 3000; i++) log.info("chatty", i);\n});\nsys.run();\n`,
        });
        const result = await buildFirmware({ cwd: dir });
        expect(result.size.footprint !== undefined && "device32" in result.size.footprint ? result.size.footprint.device32.afterBootBytes : undefined).toBeGreaterThan(0);
        const size = JSON.parse(fs.readFileSync(path.join(dir, "build", "size.json"), "utf8")) as { total: number; footprint: { native64: unknown } };
        expect(size.total).toBe(result.size.total);
        expect(size.footprint.native64).toBeDefined();
    });
});

describe.skipIf(findExecutable("lua5.3") === undefined)("native lua5.3 measurement is bounded", () => {
    const folder = (main: string) => {
        const dir = writeFirmwareProject({});
        const lua = path.join(dir, "lua");
        fs.mkdirSync(lua);
        for (const file of compileStdlib()) fs.writeFileSync(path.join(lua, file.name), file.data);
        fs.writeFileSync(path.join(lua, "main.lua"), main);
        return lua;
    };

    it("stops a firmware that never yields at the instruction limit, with a problem instead of a figure", async () => {
        const footprint = await measureFootprint(folder('sys = require("sys")\nwhile true do end\n'), { instructionLimit: 20_000_000 });
        expect(footprint?.afterBootBytes).toBeUndefined();
        expect(footprint?.problems).toContain("lua5.3 stopped after 20000000 Lua instructions (the firmware never let the clock advance)");
    });

    it("stops a firmware that prints without end at the output cap", async () => {
        const footprint = await measureFootprint(folder('sys = require("sys")\nwhile true do print(string.rep("x", 200)) end\n'), { timeLimitMs: 60_000 });
        expect(footprint?.afterBootBytes).toBeUndefined();
        expect(footprint?.problems).toContain("lua5.3 stopped after 1048576 bytes of output");
    });
});
