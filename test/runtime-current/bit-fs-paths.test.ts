/**
 * bit, fs (today's io) and rtos.setPaths on the current firmware, on the
 * simulated pc board. The expected values are luatos-pc's (measured; the
 * conformance cases bit/, fs/ and rtos/set-paths compare whole runs with
 * it): 32-bit results, shifts past 32, fs on missing files, the search
 * paths require tries first; and what only a simulated device shows: files
 * and search paths across reboots, boards without a known file system.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BOARDS, SimulatedDevice } from "../../runtime/index.js";
import { currentFirmware } from "../../runtime/firmware/current/index.js";
import { searchPathFile } from "../../runtime/vm.js";
import { currentDevice, firmwareFolder, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const texts = (device: { log: { text: string }[] }) => device.log.map(l => l.text);

/** Lua: `show(tag, ...)` logs every value with tostring, nils included. */
const SHOW = `local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, table.concat(t, " ")) end\n`;

/** A script folder with main.lua and other files, in subfolders too (`lib/util.lua`). */
function scriptFolder(mainLua: string, files: Record<string, string>): string {
    const dir = firmwareFolder(mainLua);
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

/** Runs a main.lua body for a moment on the pc board; the `I/user.` lines. */
async function userRun(body: string): Promise<string[]> {
    const device = currentDevice(SHOW + body);
    await device.run("200ms");
    const lines = userLines(texts(device));
    device.dispose();
    return lines;
}

describe("bit", () => {
    it("computes on 32 bits: results with bit 31 set are negative integers", async () => {
        expect(await userRun(`show("r", bit.bnot(0), bit.band(-1, 0xff), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.lshift(1, 31) == math.mininteger, math.type(bit.bnot(0)), bit.bnot(0x7FFFFFFF) == math.mininteger)`)).toEqual([
            "I/user.r -1 255 7 6 true integer true",
        ]);
    });

    it("shifts by 32 or more give 0 (arshift of a negative number: -1); negative counts shift the other way; rotations count modulo 32", async () => {
        expect(
            await userRun(`show("s", bit.lshift(1, 32), bit.rshift(-1, 32), bit.arshift(-8, 32), bit.arshift(8, 40), bit.lshift(2, -1), bit.rshift(4, -1), bit.arshift(-8, -1))
show("m", bit.rshift(-1, math.mininteger), bit.lshift(1, math.mininteger), bit.arshift(-1, math.mininteger))
show("r", bit.lrotate(1, 33), bit.rrotate(6, -33), bit.lrotate(5, 32), bit.rrotate(1, 1) == math.mininteger)`),
        ).toEqual(["I/user.s 0 0 -1 0 1 8 -16", "I/user.m 0 0 0", "I/user.r 2 12 5 true"]);
    });

    it("bit.bit/set/clear/isset take positions modulo 32 as the PC build's int shift does", async () => {
        expect(await userRun(`show("b", bit.bit(32), bit.bit(33), bit.bit(-1) == math.mininteger, bit.set(0, 32), bit.clear(-1, 32), bit.isset(1, 32), bit.isset(1, 33), bit.isclear(0, -1))`)).toEqual([
            "I/user.b 1 2 true 1 -2 true false true",
        ]);
    });

    it("raises the C's argument errors, and is bit32 too", async () => {
        expect(
            await userRun(`show("e", pcall(bit.band, 2^31))
show("e", pcall(bit.extract, 1, 30, 4))
show("e", pcall(bit.extract, 1, -1))
show("e", pcall(bit.replace, 1, 1, 0, 0))
show("same", rawequal(bit, bit32), package.loaded.bit32, package.loaded.bit)`),
        ).toEqual([
            "I/user.e false bad argument #1 to '?' (number has no integer representation)",
            "I/user.e false trying to access non-existent bits",
            "I/user.e false bad argument #2 to '?' (field cannot be negative)",
            "I/user.e false bad argument #4 to '?' (width must be positive)",
            "I/user.same true nil nil",
        ]);
    });
});

describe("fs", () => {
    it("is today's io: fsize of a missing file is 0, writeFile keeps its data, readFile takes an offset and a length", async () => {
        expect(
            await userRun(`show("lib", rawequal(fs, io), fs.FILE, fs.DIR, fs.fsize("/nope"), fs.fileSize("/nope"))
show("w", fs.writeFile("/a.txt", "abcdef"), fs.fsize("/a.txt"), fs.readFile("/a.txt", "rb", 1, 2), fs.readFile("/a.txt", "rb", 10), fs.writeFile("/a.txt", "gh", "a"), fs.readFile("/a.txt"))
show("fsstat", fs.fsstat())
show("dexist", fs.dexist("/"), fs.dexist("/luadb/"), fs.dexist("/a.txt"), fs.dexist("/nope"))`),
        ).toEqual(["I/user.lib true 0 1 0 0", "I/user.w true 6 bc  true abcdefgh", "I/user.fsstat true 0 0 512 posix", "I/user.dexist true true false false"]);
    });

    it("reads the script image under /luadb/ and refuses to write there", async () => {
        const device = currentDevice(`${SHOW}show("img", fs.fsize("/luadb/main.lua") == fs.fsize("/main.lua"), io.readFile("/luadb/main.lua", "rb", 0, 5), io.writeFile("/luadb/main.lua", "x"), io.exists("/luadb/nope"))
local f = io.open("/luadb/main.lua", "r+") show("r+", io.type(f), f:write("zz") == nil, io.readFile("/main.lua", "rb", 0, 5))`, { firmwareLogs: true });
        await device.run("200ms");
        const lines = texts(device).filter(l => /^(I\/user\.|W\/luadb|D\/vfs)/.test(l));
        device.dispose();
        expect(lines).toEqual([
            "W/luadb /luadb is readonly main.lua wb+",
            "D/vfs fopen /luadb/main.lua wb+ not found",
            "D/vfs fopen /luadb/nope r not found",
            "I/user.img true local nil false",
            "I/user.r+ file true local",
        ]);
    });

    it("logs D/vfs for each open that fails, at the firmware's log level", async () => {
        const device = currentDevice(`io.exists("/nope")\nio.readFile("/nope2")\nlog.setLevel("INFO")\nio.exists("/hidden")\nlog.info("done")`, { firmwareLogs: true });
        await device.run("200ms");
        const lines = texts(device).filter(l => l.startsWith("D/vfs") || l.startsWith("I/user."));
        device.dispose();
        expect(lines).toEqual(["D/vfs fopen /nope r not found", "D/vfs fopen /nope2 rb not found", "I/user.done"]);
    });

    it("sees a folder of the script folder with dexist and keeps written files across a reboot", async () => {
        const dir = scriptFolder(`${SHOW}show("boot", fs.dexist("/lib"), fs.dexist("/lib/"), fs.fsize("/count.txt"), io.readFile("/count.txt"))\nio.writeFile("/count.txt", (io.readFile("/count.txt") or "") .. "x")\n`, { "lib/util.lua": "return 1" });
        const device = new SimulatedDevice({ buildDir: dir, board: BOARDS.pc!, rebootOnCrash: false });
        await device.run("100ms");
        device.reboot();
        await device.run("100ms");
        const lines = userLines(texts(device));
        device.dispose();
        expect(lines).toEqual(["I/user.boot true true 0", "I/user.boot true true 1 x"]);
    });

    it("says fsstat and the folder functions are not simulated where the board's file system is not known", async () => {
        const device = new SimulatedDevice({
            buildDir: firmwareFolder(`${SHOW}show("stat", pcall(fs.fsstat))\nshow("mkdir", pcall(fs.mkdir, "/d"))\nsys.run()\n`),
            board: BOARDS.air780epm!,
            generation: currentFirmware(),
            rebootOnCrash: false,
        });
        await device.run("100ms");
        const lines = userLines(texts(device));
        device.dispose();
        expect(lines).toEqual(["I/user.stat false io.fsstat is not simulated", "I/user.mkdir false io.mkdir is not simulated"]);
    });
});

describe("rtos.setPaths", () => {
    it("formats a template as the C's snprintf into 64 bytes does", () => {
        expect(searchPathFile("/sd/%s.lua", "app")).toBe("/sd/app.lua");
        expect(searchPathFile("/%%x%s", "m")).toBe("/%xm");
        expect(searchPathFile("/a/%s.lua", "n".repeat(70))).toBe("/a/" + "n".repeat(60));
    });

    it("makes require try the templates first, in order, naming the chunk by the path; a reboot forgets them", async () => {
        const dir = scriptFolder(
            `${SHOW}if io.exists("/rebooted") then
  show("after reboot", pcall(require, "util"))
else
  show("paths", pcall(rtos.setPaths, "/lib/%s.lua", "/%s_v2.lua"))
  show("req", pcall(require, "util"))
  show("req2", pcall(require, "mod"))
  show("err", pcall(require, "broken"))
  io.writeFile("/rebooted", "1")
  rtos.reboot()
end
`,
            { "lib/util.lua": "return 'from lib'", "util.lua": "return 'from root'", "mod_v2.lua": "return 'v2'", "mod.lua": "return 'v1'", "lib/broken.lua": "error('bad')" },
        );
        const device = new SimulatedDevice({ buildDir: dir, board: BOARDS.pc!, rebootOnCrash: false });
        await device.run("3s");
        const lines = userLines(texts(device));
        device.dispose();
        expect(lines).toEqual(["I/user.paths true", "I/user.req true from lib", "I/user.req2 true v2", "I/user.err false /lib/broken.lua:1: bad", "I/user.after reboot true from root"]);
    });

    it("refuses templates of 24 bytes and more, or without exactly one %s; slots before a bad one stay set", async () => {
        expect(
            await userRun(`show("23", pcall(rtos.setPaths, "/abcdefghijklmnop%s.lua"))
show("24", pcall(rtos.setPaths, "/abcdefghijklmnopq%s.lua"))
show("two", pcall(rtos.setPaths, "/%s%s"))
show("pd", pcall(rtos.setPaths, "/%d%s"))
io.writeFile("/p_m.lua", "return 'kept'")
show("partial", pcall(rtos.setPaths, "/p_%s.lua", "bad"))
show("req", require("m"))
show("name", pcall(require, ""))
show("name", pcall(require, string.rep("n", 49)))`),
        ).toEqual([
            "I/user.23 true",
            "I/user.24 false search path too long, max 23 bytes",
            "I/user.two false search path must contain exactly one %s",
            "I/user.pd false search path must contain exactly one %s",
            "I/user.partial false search path must contain exactly one %s",
            "I/user.req kept",
            "I/user.name false module name '' len 0 is invalid",
            `I/user.name false module name '${"n".repeat(49)}' len 49 is invalid`,
        ]);
    });
});
