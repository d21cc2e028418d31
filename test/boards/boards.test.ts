/**
 * One board table for compiler, image and simulator: every board names its
 * generation; the simulator's profiles derive from the table and boot the
 * board's generation; the shape stage adds the toolkit's libraries only
 * when required; `--board` on sim and flash --dry-run; the pc board's
 * figures against the LuatOS PC build when it is there.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runFlash } from "../../cli/commands/flash.js";
import { sim } from "../../cli/commands/sim.js";
import { UserError } from "../../common/user-error.js";
import { buildWithoutHeap } from "../../compiler/pipeline.js";
import { shape } from "../../compiler/stages/shape.js";
import { BOARD_NAMES, GENERATIONS, generationOf, getBoard } from "../../image/boards.js";
import { writeLuaDb } from "../../image/luadb.js";
import { BOARDS, firmwareOf } from "../../runtime/board.js";
import { bootDevice } from "../../runtime/index.js";
import { removeTempProjects, REPO_ROOT, writeFirmwareProject } from "../harness/tstl.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";

const made: string[] = [];
afterAll(() => {
    removeTempProjects();
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string | Uint8Array>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-boards-"));
    made.push(dir);
    for (const [name, data] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), data);
    }
    return dir;
}

const lua = (text: string) => Buffer.from(text);

/** Prints the facts a board profile states, then exits (current firmware). */
const FACTS = `log.info("facts", rtos.bsp(), (rtos.meminfo()), math.maxinteger, string.packsize("n"))
os.exit(0)
`;


describe("the board table", () => {
    it("keeps the documented boards and adds pc, air780epm and air8000, each with a generation", () => {
        expect(BOARD_NAMES).toEqual(["air640w", "air302", "air101", "esp32", "pc", "air780epm", "air8000"]);
        expect(BOARD_NAMES.map(n => [n, getBoard(n).generation])).toEqual([
            ["air640w", "2021"],
            ["air302", "2021"],
            ["air101", "current"],
            ["esp32", "current"],
            ["pc", "current"],
            ["air780epm", "current"],
            ["air8000", "current"],
        ]);
        for (const name of BOARD_NAMES) {
            const board = getBoard(name);
            // A 2021 board needs sys in the image; a current one has it built in.
            expect(board.embedsSys, name).toBe(board.generation === "current");
            expect(board.source.length, name).toBeGreaterThan(20);
        }
        expect(getBoard("PC").name).toBe("pc");
    });

    it("chooses the declarations entry, sys and libraries by generation", () => {
        expect(generationOf(getBoard("air640w"))).toBe(GENERATIONS["2021"]);
        expect(GENERATIONS["2021"]).toMatchObject({ declarations: "types/index.d.ts", addsToolkitSys: true, toolkitLibraries: [] });
        expect(GENERATIONS.current).toMatchObject({ declarations: "types/current/index.d.ts", addsToolkitSys: false });
        for (const g of Object.values(GENERATIONS)) expect(fs.existsSync(path.join(REPO_ROOT, g.declarations)), g.declarations).toBe(true);
        expect(fs.existsSync(path.join(REPO_ROOT, GENERATIONS.current.config.replace(/^luatos-ts\//, "")))).toBe(true);
    });

    it("gives the simulator a profile per board, derived from the table", () => {
        expect(Object.keys(BOARDS)).toEqual([...BOARD_NAMES]);
        for (const name of BOARD_NAMES) {
            const image = getBoard(name);
            expect(BOARDS[name], name).toMatchObject({ name, bsp: image.bsp, luaHeap: image.luaHeapBytes, numberBytes: image.numberBytes, generation: image.generation });
            expect(firmwareOf(BOARDS[name]!).name, name).toBe(image.generation === "2021" ? "netclient-2021" : "current");
        }
        expect(BOARDS.pc).toMatchObject({ bsp: "PC", luaHeap: 4194288, int32: true, networkAdapter: 17 });
    });
});

describe("the simulator boots the board's generation", () => {
    it("runs the current firmware for board pc and the 2021 firmware by default", async () => {
        const dir = folder({ "main.lua": FACTS });
        const pc = bootDevice({ buildDir: dir, board: "pc", rebootOnCrash: false, firmwareLogs: false });
        try {
            expect(pc.generation.name).toBe("current");
            await pc.run(5_000, { stopOnCrash: true });
            expect(pc.log.map(l => l.text).filter(t => t.startsWith("I/user."))).toEqual(["I/user.facts PC 4194288 2147483647 4"]);
        } finally {
            pc.dispose();
        }
        const old = bootDevice({ buildDir: folder({ "main.lua": "print(rtos.bsp())\n" }), rebootOnCrash: false });
        try {
            expect(old.generation.name).toBe(firmwareOf(BOARDS.air640w!).name);
            expect(old.board.name).toBe("air640w");
        } finally {
            old.dispose();
        }
    });

    it("states pc's figures as the LuatOS PC build reports them", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        const image = writeLuaDb([{ name: "main.lua", data: lua(FACTS) }]);
        const { stdout } = await runLuatosPc(binary, { image }, { limitMs: 20_000 });
        const line = stdout.split("\n").find(l => l.includes("I/user.facts"));
        const board = getBoard("pc");
        expect(line).toMatch(new RegExp(`I/user\\.facts ${board.bsp} ${board.luaHeapBytes} ${2 ** (board.integerBytes * 8 - 1) - 1} ${board.numberBytes}\\s*$`));
    });
});

describe("the shape stage's toolkit libraries", () => {
    const libraries = new Map([
        ["libnet", lua("local M = {}\nreturn M\n")],
        ["netclient-compat", lua('local libnet = require("libnet")\nreturn {}\n')],
    ]);
    const none = new Map<string, Buffer>();

    it("adds a library only when a Lua file requires it, with what it requires in turn", () => {
        const plain = shape(new Map([["main.lua", lua("print(1)\n")]]), { stdlib: none, extra: none, libraries });
        expect([...plain.files.keys()]).toEqual(["main.lua"]);
        const compat = shape(new Map([["main.lua", lua('local c = require "netclient-compat"\n')]]), { stdlib: none, extra: none, libraries });
        expect([...compat.files.keys()].sort()).toEqual(["libnet.lua", "main.lua", "netclient-compat.lua"]);
        expect([...compat.stdlibNames].sort()).toEqual(["libnet.lua", "netclient-compat.lua"]);
    });

    it("leaves the app's own libnet.lua in place", () => {
        const own = lua("-- mine\nreturn {}\n");
        const shaped = shape(new Map([["main.lua", lua('require("libnet")\n')]]), { stdlib: none, extra: new Map([["libnet.lua", own]]), libraries });
        expect(shaped.files.get("libnet.lua")).toBe(own);
        expect(shaped.diagnostics).toEqual([]);
    });
});

describe("builds per generation", () => {
    it("adds the toolkit's sys.lua for air640w and nothing for pc", () => {
        const dir = writeFirmwareProject({ "src/main.ts": `log.info("boot", 1);\n` });
        const names = (board: string) =>
            buildWithoutHeap({ cwd: dir, board })
                .files.map(f => f.name)
                .filter(n => n.endsWith(".lua"))
                .sort();
        expect(names("air640w")).toEqual(["main.lua", "sys.lua"]);
        expect(names("pc")).toEqual(["main.lua"]);
    });
});

describe("--board on sim and flash", () => {
    it("sim --board pc boots the current firmware; an unknown board is one line", async () => {
        const dir = folder({ "main.lua": FACTS });
        const out: string[] = [];
        const code = await sim(dir, { for: "5s", net: "virtual", dns: [], board: "pc", cLogs: false }, l => out.push(l), () => {});
        expect(code).toBe(0);
        expect(out).toContain("I/user.facts PC 4194288 2147483647 4");
        await expect(sim(dir, { for: "5s", net: "virtual", dns: [], board: "air999" }, () => {}, () => {})).rejects.toThrow(/^unknown board "air999"; known boards: /);
    });

    it("flash --dry-run checks an image for any board; a real flash is Air640W-only", async () => {
        const image = writeLuaDb([{ name: "main.lua", data: lua(FACTS) }], { md5Trailer: true });
        const dir = folder({ "app.bin": image });
        const flags = { baud: "115200", retries: "10", image: "app.bin" };
        const out: string[] = [];
        const log = console.log;
        console.log = (line: string) => out.push(line);
        try {
            await runFlash({ ...flags, board: "air8000", dryRun: true }, dir);
        } finally {
            console.log = log;
        }
        expect(out.join("\n")).toMatch(/of the 512\.0 KB air8000 script area/);
        expect(out.join("\n")).toMatch(/air8000 is flashed with the vendor's Luatools/);
        const error = await runFlash({ ...flags, board: "pc", port: "/dev/null" }, dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/^flashing pc is not supported; [^\n]*$/);
    });
});
