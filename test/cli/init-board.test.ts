/**
 * `luatos-ts init --board <name>`: the project's tsconfig extends the
 * board's declarations config, its npm scripts pass `--board`, and its
 * template firmware is written for the board's generation (the 2021
 * netclient `socket.tcp()` for air640w/air302, `socket.create` and libnet
 * for today's boards). Each generation's project builds with `luatos-ts
 * build --board` and runs on `luatos-ts sim --board` against the scaffold's
 * scenario; today's template's own vitest test passes too. An unknown
 * board is one line and exit code 1, nothing written.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../../common/exit-codes.js";
import { ROOT, makeTemp, removeTemp, runCli } from "./helpers.js";

/** The node_modules `npm install` would give the project (offline): luatos-ts linked to this checkout, the rest from the toolkit's. */
function linkDependencies(project: string): void {
    const modules = path.join(project, "node_modules");
    const bin = path.join(modules, ".bin");
    fs.mkdirSync(bin, { recursive: true });
    const toolkitModules = path.join(ROOT, "node_modules");
    for (const entry of fs.readdirSync(toolkitModules)) {
        if (entry.startsWith(".")) continue;
        fs.symlinkSync(path.join(toolkitModules, entry), path.join(modules, entry));
    }
    fs.symlinkSync(ROOT, path.join(modules, "luatos-ts"));
    for (const entry of fs.readdirSync(path.join(toolkitModules, ".bin"))) {
        fs.symlinkSync(fs.realpathSync(path.join(toolkitModules, ".bin", entry)), path.join(bin, entry));
    }
    fs.symlinkSync(path.join(ROOT, "bin", "luatos-ts.js"), path.join(bin, "luatos-ts"));
}

describe("init --board", () => {
    let temp: string;
    beforeAll(() => {
        temp = makeTemp("init-board");
    });
    afterAll(() => removeTemp(temp));

    for (const { board, config, api, connect, recv } of [
        { board: "air302", config: "luatos-ts/types/air302/tstl.json", api: "socket.tcp()", connect: "I/user.app\tconnect\tok", recv: /^I\/user\.app\trecv\tok$/gm },
        { board: "air8000", config: "luatos-ts/types/current/air8000/tstl.json", api: "socket.create(", connect: "I/user.app connect ok", recv: /^I\/user\.app recv ok$/gm },
    ]) {
        it(`${board}: the board's declarations and scripts, a template of its generation that builds and runs on the simulator`, () => {
            const dir = path.join(temp, board);
            const init = runCli(["init", dir, "--board", board], temp);
            expect(init.stderr).toBe("");
            expect(init.status).toBe(ExitCode.Ok);
            expect(init.stdout).toContain(`board: ${board} `);
            expect(JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8"))).toMatchObject({ extends: config });
            const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> };
            expect(pkg.scripts.build).toBe(`luatos-ts build --board ${board}`);
            expect(pkg.scripts.start).toContain(`luatos-ts sim build/lua --board ${board}`);
            expect(fs.readFileSync(path.join(dir, "src/main.ts"), "utf8")).toContain(api);
            expect(fs.readFileSync(path.join(dir, "test/main.test.ts"), "utf8")).toContain(`const BOARD = "${board}";`);
            linkDependencies(dir);

            const build = runCli(["build", "--board", board], dir);
            expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(ExitCode.Ok);
            expect(build.stdout).toContain(`(${board} script area)`);
            const sim = runCli(["sim", "build/lua", "--board", board, "--for", "60s", "--scenario", "sim/network.json"], dir);
            expect(sim.status, `${sim.stdout}\n${sim.stderr}`).toBe(ExitCode.Ok);
            expect(sim.stdout).toContain(connect);
            expect(sim.stdout.match(recv)?.length).toBeGreaterThanOrEqual(5);
            expect(sim.stderr).toMatch(/ 0 error\(s\)/);
        });
    }

    it("today's template passes its own tests (npm test: build, lint, vitest)", () => {
        const dir = path.join(temp, "pc-project");
        expect(runCli(["init", dir, "--board", "pc"], temp).status).toBe(ExitCode.Ok);
        linkDependencies(dir);
        const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", NO_COLOR: "1" };
        const test = spawnSync("npm", ["test"], { cwd: dir, env, encoding: "utf8", timeout: 180_000 });
        expect(test.status, `${test.stdout}\n${test.stderr}`).toBe(0);
        expect(test.stdout).toMatch(/Tests\s+3 passed \(3\)/);
    });

    it("an unknown board is one line and exit code 1, and nothing is written", () => {
        const result = runCli(["init", "fresh", "--board", "air999"], temp);
        expect(result.status).toBe(ExitCode.UserInput);
        expect(result.stderr).toBe('luatos-ts: unknown board "air999"; known boards: air640w, air302, air101, esp32, pc, air780epm, air8000\n');
        expect(fs.existsSync(path.join(temp, "fresh"))).toBe(false);
    });
});
