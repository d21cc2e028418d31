import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initProject, packageNameFor } from "../../cli/commands/init.js";
import { ROOT, makeTemp, removeTemp, runCli, runCliAsync } from "./helpers.js";

/**
 * Gives a scaffolded project the node_modules that `npm install` would
 * (offline here): luatos-ts linked to this checkout, as npm links a
 * `file:` dependency, and the toolkit's own packages for the rest
 * (vitest, eslint, typescript-eslint at the versions the scaffold pins).
 */
function linkDependencies(project: string): void {
    const modules = path.join(project, "node_modules");
    const bin = path.join(modules, ".bin");
    fs.mkdirSync(bin, { recursive: true });
    const toolkitModules = path.join(ROOT, "node_modules");
    for (const entry of fs.readdirSync(toolkitModules)) {
        if (entry === ".bin" || entry.startsWith(".")) continue;
        fs.symlinkSync(path.join(toolkitModules, entry), path.join(modules, entry));
    }
    fs.symlinkSync(ROOT, path.join(modules, "luatos-ts"));
    for (const entry of fs.readdirSync(path.join(toolkitModules, ".bin"))) {
        fs.symlinkSync(fs.realpathSync(path.join(toolkitModules, ".bin", entry)), path.join(bin, entry));
    }
    fs.symlinkSync(path.join(ROOT, "bin", "luatos-ts.js"), path.join(bin, "luatos-ts"));
}

function listFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(e => e.isFile())
        .map(e => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
        .sort();
}

describe("init", () => {
    let temp: string;
    beforeAll(() => {
        temp = makeTemp("init");
    });
    afterAll(() => removeTemp(temp));

    it("scaffolds a project that depends on this toolkit", () => {
        const result = runCli(["init", "Air640W Logger"], temp);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        const dir = path.join(temp, "Air640W Logger");
        expect(listFiles(dir)).toEqual([".gitignore", "README.md", "eslint.config.js", "package.json", "sim/network.json", "src/main.ts", "test/main.test.ts", "tsconfig.json", "vitest.config.ts"]);
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
            name: string;
            scripts: Record<string, string>;
            dependencies: Record<string, string>;
            devDependencies: Record<string, string>;
        };
        expect(pkg.name).toBe("air640w-logger");
        expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(["build", "start", "test"]));
        expect(pkg.dependencies["luatos-ts"]).toBe(`file:${ROOT}`);
        const toolkit = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
        expect(pkg.devDependencies.vitest).toBe(toolkit.devDependencies.vitest);
        expect(JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8"))).toMatchObject({ extends: "luatos-ts/tstl.json" });
        expect(fs.readFileSync(path.join(dir, "eslint.config.js"), "utf8")).toContain('from "luatos-ts/lint"');
        // No placeholder is left unfilled.
        for (const file of listFiles(dir)) expect(fs.readFileSync(path.join(dir, file), "utf8")).not.toMatch(/\{\{\w+\}\}/);
        expect(result.stdout).toMatch(/^created air640w-logger in Air640W Logger: /);
    });

    it("takes --name and --toolkit", () => {
        const { dir, name } = initProject({ dir: path.join(temp, "named"), name: "fw-one", toolkit: "luatos-ts@^0.1.0" });
        expect(name).toBe("fw-one");
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; dependencies: Record<string, string> };
        expect(pkg).toMatchObject({ name: "fw-one", dependencies: { "luatos-ts": "luatos-ts@^0.1.0" } });
        expect(packageNameFor("/x/My Firmware_")).toBe("my-firmware");
    });

    it("refuses a non-empty folder and a bad name before writing anything", async () => {
        const busy = path.join(temp, "busy");
        fs.mkdirSync(busy);
        fs.writeFileSync(path.join(busy, "notes.txt"), "mine");
        const [refused, badName, usage] = await Promise.all([
            runCliAsync(["init", "busy"], temp),
            runCliAsync(["init", "fresh", "--name", "Bad Name"], temp),
            runCliAsync(["init"], temp),
        ]);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toBe("luatos-ts: busy is not empty (notes.txt): init only creates new projects; choose a new or empty folder\n");
        expect(listFiles(busy)).toEqual(["notes.txt"]);

        expect(badName.status).toBe(1);
        expect(badName.stderr.trim().split("\n")).toHaveLength(1);
        expect(badName.stderr).toMatch(/^luatos-ts: project name "Bad Name" is not a valid npm package name/);
        expect(fs.existsSync(path.join(temp, "fresh"))).toBe(false);

        expect(usage.status).toBe(2);
        expect(usage.stderr).toMatch(/^luatos-ts: missing required argument 'dir'/);
    });

    it("builds, lints, tests and runs the new project with its own npm scripts", () => {
        const dir = path.join(temp, "heartbeat");
        initProject({ dir });
        linkDependencies(dir);
        const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", NO_COLOR: "1" };
        const test = spawnSync("npm", ["test"], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
        expect(test.status, `${test.stdout}\n${test.stderr}`).toBe(0);
        // The build ran and followed the main.lua conventions with the project's identity.
        const mainLua = fs.readFileSync(path.join(dir, "build/lua/main.lua"), "utf8");
        expect(mainLua.split("\n").slice(0, 2)).toEqual(['PROJECT = "heartbeat"', 'VERSION = "0.1.0"']);
        expect(mainLua.trimEnd().endsWith("sys.run()")).toBe(true);
        // The template firmware needs no TSTL runtime library.
        expect(fs.existsSync(path.join(dir, "build/lua/lualib_bundle.lua"))).toBe(false);
        // Its vitest test booted the firmware on the simulated device and passed.
        expect(test.stdout).toMatch(/Tests\s+2 passed \(2\)/);

        // npm start runs it on the simulated device against the scaffold's scenario: a server that answers each heartbeat.
        const start = spawnSync("npm", ["start"], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
        expect(start.status, `${start.stdout}\n${start.stderr}`).toBe(0);
        expect(start.stdout).toContain("I/user.app\tconnect\tok");
        expect(start.stdout.match(/^I\/user\.app\trecv\tok$/gm)?.length).toBeGreaterThanOrEqual(5);
    });

    it("fails the new project's lint on a Lua truthiness mistake", () => {
        const dir = path.join(temp, "sloppy");
        initProject({ dir });
        linkDependencies(dir);
        const main = path.join(dir, "src/main.ts");
        fs.writeFileSync(main, fs.readFileSync(main, "utf8").replace("connected = result === 1;", "connected = result ? true : false;"));
        const lint = spawnSync(process.execPath, [path.join(dir, "node_modules/eslint/bin/eslint.js"), "--max-warnings=0"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        expect(lint.status).toBe(1);
        expect(lint.stdout).toContain("strict-boolean-expressions");
    });
});
