/**
 * The whole build() on firmware projects in temporary folders outside the
 * repository (tsconfig.json extending the toolkit's tstl.json): main.lua
 * identity from package.json, build/size.json, and the errors a user sees.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../common/user-error.js";
import { buildProject, readLua, removeTempProjects, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

/** Every .lua file under a folder, by path relative to it, with its size. */
function luaFilesOnDisk(dir: string): Record<string, number> {
    const found: Record<string, number> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith(".lua")) continue;
        const full = path.join(entry.parentPath, entry.name);
        found[path.relative(dir, full).split(path.sep).join("/")] = fs.statSync(full).size;
    }
    return found;
}

function buildError(dir: string): string {
    try {
        buildProject(dir);
    } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
    }
    throw new Error("the build succeeded");
}

describe("build()", () => {
    it("takes PROJECT and VERSION from package.json when main.ts sets neither", () => {
        const dir = writeFirmwareProject({ "src/main.ts": `log.info("boot", socket.isReady());\n` }, { packageJson: { name: "fw-pkg", version: "1.2.3" } });
        buildProject(dir);
        const lines = readLua(dir).trimEnd().split("\n");
        expect(lines.slice(0, 3)).toEqual(['PROJECT = "fw-pkg"', 'VERSION = "1.2.3"', '_G.sys = require("sys")']);
        expect(lines.at(-1)).toBe("sys.run()");
    });

    it("writes build/size.json with the bytes of every Lua file it wrote", () => {
        const dir = writeFirmwareProject({
            "src/main.ts": `import { start } from "./lib/conn";\nstart();\n`,
            "src/lib/conn.ts": `export function start(): void {\n    const parts = ["a", "b"].map(s => s + "!");\n    log.info("conn", parts[0]);\n}\n`,
        });
        const result = buildProject(dir);
        const size = JSON.parse(fs.readFileSync(path.join(dir, "build", "size.json"), "utf8")) as typeof result.size;
        expect(result.sizeFile).toBe(path.join(dir, "build", "size.json"));
        expect(size).toEqual(result.size);
        expect(size.files).toEqual(luaFilesOnDisk(path.join(dir, "build", "lua")));
        expect(Object.keys(size.files)).toEqual(expect.arrayContaining(["main.lua", "lib/conn.lua", "lualib_bundle.lua"]));
        expect(size.lualib).toBe(size.files["lualib_bundle.lua"]);
        expect(size.app).toBe((size.files["main.lua"] ?? 0) + (size.files["lib/conn.lua"] ?? 0));
        expect(size.total).toBe(Object.values(size.files).reduce((a, b) => a + b, 0));
        expect(size.total).toBe(size.app + size.stdlib + size.lualib);
    });

    it("reports no lualib when none is used", () => {
        const dir = writeFirmwareProject({ "src/main.ts": `sys.taskInit(() => { sys.wait(10); log.info("t", 1); });\n` });
        const { size } = buildProject(dir);
        expect(size.lualib).toBe(0);
        expect(fs.existsSync(path.join(dir, "build", "lua", "lualib_bundle.lua"))).toBe(false);
    });

    it("fails with file:line:column and the TypeScript message on a type error, writing nothing", () => {
        const dir = writeFirmwareProject({ "src/main.ts": `const so = socket.tcp();\n{\n    so.on("close", () => {});\n}\n` });
        const message = buildError(dir);
        expect(message).toMatch(/^src\/main\.ts:3:\d+ - error TS2769: "close" is not one of "connect", "recv", "error"$/);
        expect(fs.existsSync(path.join(dir, "build"))).toBe(false);
    });

    it("fails with file:line when code follows sys.run()", () => {
        const dir = writeFirmwareProject({ "src/main.ts": `sys.run();\nlog.info("late", 1);\n` });
        expect(buildError(dir)).toMatch(/^src\/main\.ts:2:1 - error LTS1301: nothing may follow sys\.run\(\)/);
    });

    it("fails clearly when main.ts is missing", () => {
        const dir = writeFirmwareProject({ "src/app.ts": `log.info("a", 1);\n` });
        expect(buildError(dir)).toMatch(/missing .*src[\\/]main\.ts: a firmware's entry point is main\.ts/);
    });
});
