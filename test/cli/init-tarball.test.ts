import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, makeTemp, removeTemp, runCli } from "./helpers.js";

/*
 * A project made from a packed toolkit: `npm pack` here, `luatos-ts init
 * DIR --toolkit <tarball>`, then the project builds with the toolkit as npm
 * would install it from that tarball. Offline: the tarball is unpacked into
 * the project's node_modules/luatos-ts (what npm does with a tarball
 * dependency) and the toolkit's own dependencies are linked from this
 * checkout's node_modules instead of being downloaded.
 */

let temp: string;
let tarball: string;
let files: string[];
beforeAll(() => {
    temp = makeTemp("init-tarball");
    // --ignore-scripts: npm pack would run `prepare`, which rewrites dist/ in place while other test files
    // start the CLI from it (a half-written module there fails them). The dist/ that `npm ci` built is packed;
    // where it is older than the sources, the unpacked launcher runs the sources instead.
    const packed = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", temp], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 400_000,
        env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
    });
    if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
    const report = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(temp, report[0]!.filename);
    files = report[0]!.files.map(f => f.path);
}, 600_000);
afterAll(() => removeTemp(temp));

describe("init from a packed toolkit", { timeout: 600_000 }, () => {
    it("the tarball holds what bin/luatos-ts.js needs: CLI, compiler, runtime, types, tstl.json, stdlib, lint, templates", () => {
        const needed = [
            "package.json",
            "bin/luatos-ts.js",
            "cli/main.ts",
            "compiler/build.ts",
            "runtime/index.ts",
            "image/pack.ts",
            "flash/air640w.ts",
            "common/user-error.ts",
            "types/index.d.ts",
            "tstl.json",
            "lint/index.js",
            "templates/project/package.json",
            "templates/project/src/main.ts",
            "templates/project/_gitignore",
        ];
        for (const file of needed) expect(files, file).toContain(file);
        expect(files.some(f => f.startsWith("stdlib/"))).toBe(true);
        // The toolkit's own tests, benchmarks, reference firmware and generator stay out of the package.
        for (const folder of ["test/", "bench/", "src/", "tools/", "api/", "examples/"]) expect(files.filter(f => f.startsWith(folder)), folder).toEqual([]);
        // Every module the CLI can load is in the tarball: no relative import leads outside it.
        const sources = files.filter(f => /\.(ts|js)$/.test(f) && !f.startsWith("test/") && !f.endsWith(".d.ts"));
        for (const source of sources) {
            const text = fs.readFileSync(path.join(ROOT, source), "utf8");
            for (const match of text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
                const target = path.posix.normalize(path.posix.join(path.posix.dirname(source), match[1]!)).replace(/\.js$/, "");
                const present = [target, `${target}.ts`, `${target}.js`, `${target}.json`].some(candidate => files.includes(candidate));
                expect(present, `${source} imports ${match[1]}`).toBe(true);
            }
        }
    });

    it("init --toolkit <tarball> writes a file: dependency, and the project builds with the unpacked toolkit", () => {
        const relativeTarball = path.relative(temp, tarball);
        const init = runCli(["init", "from-tarball", "--toolkit", relativeTarball], temp);
        expect(init.stderr).toBe("");
        expect(init.status).toBe(0);
        const project = path.join(temp, "from-tarball");
        const pkg = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        expect(pkg.dependencies["luatos-ts"]).toBe(`file:../${relativeTarball}`);

        // What `npm install` does offline: the tarball unpacked as node_modules/luatos-ts, the rest linked.
        const modules = path.join(project, "node_modules");
        const installed = path.join(modules, "luatos-ts");
        fs.mkdirSync(installed, { recursive: true });
        const untar = spawnSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], { encoding: "utf8" });
        expect(untar.status, untar.stderr).toBe(0);
        for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
            if (entry.startsWith(".") || entry === "luatos-ts") continue;
            fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(modules, entry));
        }

        const build = spawnSync(process.execPath, [path.join(installed, "bin", "luatos-ts.js"), "build", "-q", "--no-heap-budget"], {
            cwd: project,
            encoding: "utf8",
            timeout: 400_000,
        });
        expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
        expect(fs.readFileSync(path.join(project, "build/lua/main.lua"), "utf8")).toMatch(/^PROJECT = "from-tarball"\n/);
        expect(fs.statSync(path.join(project, "build/script.bin")).size).toBeGreaterThan(0);

        // The checks that name the generation and the board read only what the package ships (types/generated/*/modules.json).
        const failing = (source: string, board: string) => {
            fs.writeFileSync(path.join(project, "src/main.ts"), source);
            return spawnSync(process.execPath, [path.join(installed, "bin", "luatos-ts.js"), "build", "-q", "--board", board], { cwd: project, encoding: "utf8", timeout: 400_000 });
        };
        const today = failing(`sys.taskInitEx(() => {}, "t");\nsys.run();\n`, "air640w");
        expect(today.status, today.stderr).toBe(1);
        expect(today.stderr).toMatch(/error LTS1401: sys\.taskInitEx belongs to today's LuatOS firmware/);
        const leftOut = failing(`log.info("t", wlan.ready());\nsys.run();\n`, "air302");
        expect(leftOut.status, leftOut.stderr).toBe(1);
        expect(leftOut.stderr).toMatch(/error LTS1403: module wlan is not in the air302 firmware/);
    });

    it("a tarball path that does not exist is one line, exit 1, nothing written", () => {
        const missing = runCli(["init", "nope", "--toolkit", "./luatos-ts-9.9.9.tgz"], temp);
        expect(missing.status).toBe(1);
        expect(missing.stderr).toBe("luatos-ts: --toolkit ./luatos-ts-9.9.9.tgz: no such tarball (make one with `npm pack` in the toolkit's folder)\n");
        expect(fs.existsSync(path.join(temp, "nope"))).toBe(false);
    });
});
