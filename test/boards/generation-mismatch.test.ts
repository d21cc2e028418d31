/**
 * Firmware written for today's LuatOS built for a 2021 board: what the user
 * sees is one LTS diagnostic per use naming the board's generation
 * (LTS1401) instead of TypeScript's "Property ... does not exist", or one
 * LTS1402 when the project is typed against today's declarations, instead
 * of a build that passes the type check and fails in the heap step with
 * `attempt to call a nil value`. The other way round (2021 API on a current
 * board, through netclient-compat) still builds.
 */
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diagnosticKinds } from "../../compiler/diagnostics.js";
import { removeTempProjects, REPO_ROOT, runCli, writeFirmwareProject } from "../harness/tstl.js";

const CURRENT_CONFIG = path.join(REPO_ROOT, "types", "current", "tstl.json");

const TODAY = `import * as libnet from "libnet";

sys.taskInitEx(() => {
    const ctrl = socket.create(undefined, "net")!;
    const buff = zbuff.create(64);
    log.info("x", libnet.connect("net", 1000, ctrl, "127.0.0.1", 80), buff);
}, "net");
sys.run();
`;

afterAll(removeTempProjects);

/** stderr's lines without the `luatos-ts: ` prefix of the first. */
const lines = (stderr: string) => stderr.trim().replace(/^luatos-ts: /, "").split("\n");

describe("today's APIs in a build for a 2021 board", () => {
    it("typed against the 2021 declarations: one LTS1401 per use, each naming the generation, and no TypeScript error about them", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": TODAY });
        const { code, stderr } = await runCli(["build", "--board", "air640w"], dir);
        expect(code).toBe(1);
        expect(stderr).not.toMatch(/error TS\d+/);
        const found = lines(stderr).map(l => /^(src\/main\.ts:\d+:\d+) - error LTS1401: (\S+) belongs to today's LuatOS firmware, and board air640w runs the 2021 firmware/.exec(l)?.slice(1, 3));
        expect(found).toEqual([
            ["src/main.ts:1:1", "libnet"],
            ["src/main.ts:3:1", "sys.taskInitEx"],
            ["src/main.ts:4:18", "socket.create"],
            ["src/main.ts:5:18", "zbuff"],
        ]);
        expect(stderr).toContain("on the 2021 firmware use sys.taskInit, or build for a board of today's firmware (--board pc, air780epm, air8000)");
    });

    it("typed against today's declarations: one LTS1402, before the heap step could fail at run time", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": TODAY }, { tsconfig: { extends: CURRENT_CONFIG } });
        const { code, stderr } = await runCli(["build", "--board", "air640w"], dir);
        expect(code).toBe(1);
        expect(lines(stderr)).toEqual([
            "error LTS1402: the project is typed for today's LuatOS firmware (its config extends luatos-ts/types/current/tstl.json), but board air640w runs the 2021 firmware, " +
                "which has no socket.create, sys.taskInitEx, zbuff or libnet: build for a board of today's firmware (--board pc, air780epm, air8000), or extend luatos-ts/tstl.json and use the 2021 API",
        ]);
    });

    it("the same firmware builds for a board of today's firmware", { timeout: 60_000 }, async () => {
        const dir = writeFirmwareProject({ "src/main.ts": TODAY }, { tsconfig: { extends: CURRENT_CONFIG } });
        const { code, stderr } = await runCli(["build", "--board", "air780epm"], dir);
        expect(stderr).toBe("");
        expect(code).toBe(0);
    });

    it("a TypeScript error about something else stays TypeScript's", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": `sys.taskInitt(() => {});\nsys.run();\n` });
        const { code, stderr } = await runCli(["build", "--board", "air640w"], dir);
        expect(code).toBe(1);
        expect(stderr).toMatch(/src\/main\.ts:1:5 - error TS2551: Property 'taskInitt' does not exist/);
    });

    it("lists both codes for docs/cli.md", () => {
        expect(diagnosticKinds().filter(k => k.code === 1401 || k.code === 1402).map(k => k.title)).toEqual(["API of today's firmware on a 2021 board", "project typed for today's firmware, 2021 board"]);
    });
});
