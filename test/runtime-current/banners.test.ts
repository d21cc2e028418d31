/**
 * The firmware's own lines around the Lua VM on today's firmware: the boot
 * banner, an uncaught error (in a task, at top level, in a timer callback,
 * in a required module), main.lua returning, os.exit. The same scripts run
 * from a LuaDB image on luatos-pc (`--ldb`) and on the simulator as board
 * pc; every line of their output must be equal, after two normalizations:
 * the `ROM Build:` time (the luatos-pc binary's own build) and the line
 * numbers inside sys.lua (the simulator's sys is the toolkit's own Lua, the
 * firmware's is another file: docs/conformance.md). Also the exit codes:
 * luatos-pc exits 1 after "Lua VM exit!!" and with os.exit's code.
 *
 * luatos-pc is $LUATOS_PC or ../shared/luatos/bin/luatos-pc beside the
 * checkout; without it the comparison skips (and fails under CI=true).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packBuild } from "../../image/pack.js";
import { bootDevice } from "../../runtime/index.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";

/** Scripts: main.lua and any other files. */
const CASES: Record<string, Record<string, string>> = {
    "an error in a task": { "main.lua": `sys.taskInit(function()\n  sys.wait(10)\n  local t = nil\n  print(t.x)\nend)\nsys.run()\n` },
    "an error at top level": { "main.lua": `log.info("m", "start")\nlocal x = nil\nprint(x.y)\n` },
    "an error in a timer callback": { "main.lua": `sys.timerStart(function() error("boom") end, 10)\nsys.run()\n` },
    "an error in a required module": {
        "main.lua": `local lib = require("lib")\nsys.taskInit(function() sys.wait(10) lib.f() end)\nsys.run()\n`,
        "lib.lua": `local M = {}\nfunction M.f()\n  local t = nil\n  return t.x\nend\nreturn M\n`,
    },
    "main.lua returning": { "main.lua": `log.info("m", "returning")\n` },
    "os.exit in a task": { "main.lua": `sys.taskInit(function()\n  sys.wait(10)\n  log.info("m", "exiting")\n  os.exit(3)\nend)\nsys.run()\n` },
};

const EXIT_CODES: Record<string, number> = { "os.exit in a task": 3 };

const made: string[] = [];
afterAll(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "banners-"));
    made.push(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

/** The lines that depend on the binary's build or on sys.lua's own layout, made comparable. */
const normalize = (line: string) => line.replace(/^(I\/main ROM Build: .{11}) \d\d:\d\d:\d\d$/, "$1 <time>").replace(/\/lua\/sys\.lua:\d+:/g, "/lua/sys.lua:<line>:");

/** luatos-pc's lines booting the folder packed for pc, and its exit code (null when a signal ended it). */
async function onLuatosPc(binary: string, dir: string): Promise<{ lines: string[]; code: number | null }> {
    const run = await runLuatosPc(binary, { image: packBuild(dir, { board: "pc" }).image }, { limitMs: 20_000 });
    // First run in a folder: "W/pc pcconf加载失败, 使用默认值" (no saved PC settings), a PC-only line.
    const lines = run.lines.filter(l => l !== "" && !l.startsWith("W/pc "));
    return { lines, code: typeof run.status === "number" ? run.status : null };
}

async function runSimulator(dir: string): Promise<string[]> {
    const device = bootDevice({ buildDir: dir, board: "pc", network: "virtual", rebootOnCrash: false });
    try {
        await device.run("5s");
        return device.log.map(l => l.text).filter(l => !l.startsWith("[sim]"));
    } finally {
        device.dispose();
    }
}

describe("today's firmware: boot banner, crash and exit lines (simulator vs luatos-pc)", () => {
    it("the simulator prints the PC build's lines, whatever luatos-pc says", async () => {
        const lines = await runSimulator(folder(CASES["an error in a task"]!));
        expect(lines.slice(0, 5)).toEqual([
            "I/main LuatOS@PC base 26.04 bsp V2035 32bit",
            "I/main ROM Build: Nov 27 2026 08:03:53",
            "D/main loadlibs luavm 4194288 24416 24416",
            "D/main loadlibs sys   2097136 8776 2088360",
            "D/main loadlibs psram 16777200 0 0",
        ]);
        expect(lines.slice(-5)).toEqual([
            "E/main Luat: ",
            "E/main /lua/sys.lua:257: /luadb/main.lua:4: attempt to index a nil value (local 't')",
            "stack traceback:",
            "\t/luadb/main.lua:4: in function </luadb/main.lua:1>",
            "E/main Lua VM exit!! reboot in 1000ms",
        ]);
    });

    for (const [name, files] of Object.entries(CASES)) {
        it(`${name}: the same lines and exit code`, { timeout: 30_000 }, async ctx => {
            const binary = requireReferenceBinary(ctx, "luatos-pc");
            const dir = folder(files);
            const [pc, sim] = await Promise.all([onLuatosPc(binary, dir), runSimulator(dir)]);
            expect(sim.map(normalize)).toEqual(pc.lines.map(normalize));
            expect(pc.code).toBe(EXIT_CODES[name] ?? 1);
        });
    }
});
